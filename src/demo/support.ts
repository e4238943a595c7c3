/**
 * Demo support data: a year of tickets with their messages and status changes, calls, a Moscow office
 * calendar, an SLA policy and CSAT answers linked to tickets, so the support page shows a living help desk.
 * Replies slow down outside office hours and on busy days, some agents are quicker than others, chats get a
 * bot greeting, a few tickets are solved by the bot alone, some customers come back on the same topic
 * (FCR), and things improve slowly over the year.
 */
import { analyzeGrownTables } from "../db/auto-analyze.js";
import type { Db } from "../db/connection.js";
import { MAX_BATCH } from "../support/schema.js";
import { ingestCalls, ingestTickets, upsertAgents } from "../support/service.js";
import { createCalendar, createPolicy } from "../support/settings-service.js";
import { ingestResponses } from "../surveys/responses-service.js";
import type { TResponseInput } from "../surveys/schema.js";
import { createSurvey } from "../surveys/service.js";
import { surveyFromTemplate } from "../surveys/templates.js";
import type { Rng } from "./random.js";
import {
  AGENTS,
  arrival,
  type Built,
  buildCall,
  buildTicket,
  DAY,
  type DemoSupportCustomer,
  HOUR,
  holidays,
  TEAMS,
} from "./support-generator.js";

export type { DemoSupportCustomer } from "./support-generator.js";

export interface DemoSupportOptions {
  tickets?: number;
  calls?: number;
  days?: number;
}

/** The defaults: a year at about 21 tickets and 10 calls a day. */
const DAYS = 365;
const TICKETS = 7_600;
const CALLS = 3_650;

/** Seeds the demo workspace's support data (about 25 s on PGlite with the defaults). */
export async function seedSupportData(
  db: Db,
  workspaceId: string,
  customers: DemoSupportCustomer[],
  r: Rng,
  nowDate: Date,
  opts: DemoSupportOptions = {},
) {
  const now = nowDate.getTime();
  const days = opts.days ?? DAYS;
  const off = new Set(holidays(nowDate));
  await upsertAgents(
    db,
    workspaceId,
    AGENTS.map(([externalId, name, team]) => ({
      externalId,
      name,
      email: `${externalId}@demo.otklik.local`,
      team: TEAMS[team],
    })),
    nowDate,
  );
  const calendar = await createCalendar(
    db,
    workspaceId,
    {
      name: "Moscow office",
      timeZone: "Europe/Moscow",
      week: Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
      ),
      holidays: [...off],
    },
    nowDate,
  );
  await createPolicy(
    db,
    workspaceId,
    {
      name: "Standard",
      calendarId: calendar.id,
      targets: [
        {
          name: "Payment questions",
          match: { topic: "payment" },
          firstReplyMinutes: 10,
          resolutionMinutes: 480,
          businessHours: true,
        },
        {
          name: "Urgent",
          match: { priority: ["urgent", "high"] },
          firstReplyMinutes: 30,
          resolutionMinutes: 960,
          businessHours: true,
        },
        {
          name: "Chats",
          match: { channel: ["chat", "messenger"] },
          firstReplyMinutes: 5,
          businessHours: true,
        },
        {
          name: "Everything else",
          match: {},
          firstReplyMinutes: 60,
          resolutionMinutes: 1620,
          businessHours: true,
        },
      ],
    },
    nowDate,
  );

  const built: Built[] = [];
  const total = opts.tickets ?? TICKETS;
  while (built.length < total) {
    const customer = r.pick(customers);
    const ticket = buildTicket(r, built.length, arrival(r, now, days), now, off, customer);
    built.push(ticket);
    // Some customers come back on the same topic within a day: a failed first contact.
    if (ticket.solvedAt !== null && r.next() < 0.1 && built.length < total) {
      const again = ticket.solvedAt + r.int(1, 20) * HOUR;
      if (again < now) built.push(buildTicket(r, built.length, again, now, off, customer, ticket.topic));
    }
  }
  for (let i = 0; i < built.length; i += MAX_BATCH) {
    await ingestTickets(
      db,
      workspaceId,
      built.slice(i, i + MAX_BATCH).map((b) => b.input),
      { now: nowDate },
    );
    // The foreign-key checks of the next batch are planned with these statistics: taken while the
    // tables were empty, a batch took seconds more each time (see analyzeGrownTables).
    await analyzeGrownTables(db);
  }
  const calls = Array.from({ length: opts.calls ?? CALLS }, (_, i) => buildCall(r, i, now, days));
  for (let i = 0; i < calls.length; i += MAX_BATCH) {
    await ingestCalls(db, workspaceId, calls.slice(i, i + MAX_BATCH), { now: nowDate });
  }

  // A CSAT survey sent a few hours after the ticket is solved; faster, first-time answers score higher.
  const template = surveyFromTemplate("transactional-csat");
  if (!template) return;
  const survey = await createSurvey(
    db,
    workspaceId,
    { ...template, name: "Support CSAT" },
    new Date(now - (days + 1) * DAY),
  );
  const slow = new Set(["pavel", "ivan", "boris"]);
  const responses: TResponseInput[] = built.flatMap((b) => {
    if (b.solvedAt === null || r.next() > 0.3) return [];
    const submitted = b.solvedAt + r.int(2, 8) * HOUR;
    if (submitted > now) return [];
    const minutes = b.replyMinutes ?? 5;
    const mood =
      4.6 -
      (minutes > 120 ? 0.8 : minutes > 30 ? 0.3 : 0) -
      (b.reopened ? 1.2 : 0) -
      (b.agent && slow.has(b.agent) ? 0.4 : 0);
    const csat = Math.max(1, Math.min(5, Math.round(mood + (r.next() - 0.5) * 2.4)));
    return [
      {
        externalId: `${b.input.externalId}-csat`,
        surveyId: survey.id,
        ticketId: b.input.externalId,
        submittedAt: new Date(submitted),
        channel: "email",
        language: b.customer.language,
        complete: true,
        customer: { externalId: b.customer.externalId },
        attributes: { agent: b.agent ?? "bot", topic: b.topic },
        answers: { csat },
      },
    ];
  });
  for (let i = 0; i < responses.length; i += 1000) {
    await ingestResponses(db, workspaceId, responses.slice(i, i + 1000), { now: nowDate });
  }
}
