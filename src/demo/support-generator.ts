/**
 * The demo help desk's random tickets and calls: arrivals by hour of week, replies that wait for office
 * hours, agents of different speed, bot-only chats, spam, follow-ups, reopenings and abandoned calls.
 */
import type { TCallInput, TTicketInput } from "../support/schema.js";
import type { Rng } from "./random.js";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** Moscow is UTC+3 all year. */
const MSK = 3 * HOUR;

export const TEAMS = { billing: "Billing", l1: "Support L1", l2: "Support L2" } as const;
/** Agents with their team and speed (a factor on reply times). */
export const AGENTS = [
  ["anna", "Anna", "billing", 0.4],
  ["boris", "Boris", "billing", 0.9],
  ["dmitry", "Dmitry", "l1", 1.0],
  ["elena", "Elena", "l1", 0.6],
  ["ivan", "Ivan", "l1", 1.6],
  ["olga", "Olga", "l2", 0.9],
  ["pavel", "Pavel", "l2", 2.2],
  ["svetlana", "Svetlana", "l1", 0.8],
] as const;
const TOPICS = [
  ["payment", 20, "billing"],
  ["delivery", 35, "l1"],
  ["returns", 20, "l1"],
  ["account", 15, "l2"],
  ["other", 10, "l2"],
] as const;
const CHANNELS = [
  ["email", 45, 25],
  ["chat", 30, 1.5],
  ["phone", 15, 5],
  ["messenger", 10, 12],
] as const;
const PRIORITIES = [
  ["low", 20],
  ["normal", 60],
  ["high", 15],
  ["urgent", 5],
] as const;
/** Arrivals per local hour on a weekday (weekends get a third of it). */
const HOURLY = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 9, 10, 10, 9, 9, 10, 10, 9, 8, 6, 5, 4, 3, 2, 1.5];
const FIXED_HOLIDAYS = [
  "01-01",
  "01-02",
  "01-03",
  "01-04",
  "01-05",
  "01-06",
  "01-07",
  "01-08",
  "02-23",
  "03-09",
  "05-01",
  "05-11",
  "06-12",
  "11-04",
];

export interface DemoSupportCustomer {
  externalId: string;
  language: "ru" | "en";
}

const isoDay = (ms: number) => new Date(ms + MSK).toISOString().slice(0, 10);

export function holidays(now: Date): string[] {
  const year = now.getUTCFullYear();
  return [year - 1, year, year + 1].flatMap((y) => FIXED_HOLIDAYS.map((d) => `${y}-${d}`));
}

/** The first office minute (Mon–Fri 09:00–18:00 Moscow, not a holiday) at or after `ms`. */
function nextOfficeMoment(ms: number, off: Set<string>): number {
  let t = ms;
  for (let i = 0; i < 30; i++) {
    const local = new Date(t + MSK);
    const weekday = local.getUTCDay();
    const hour = local.getUTCHours();
    const working = weekday >= 1 && weekday <= 5 && !off.has(isoDay(t));
    if (working && hour >= 9 && hour < 18) return t;
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - MSK;
    t = working && hour < 9 ? midnight + 9 * HOUR : midnight + DAY + 9 * HOUR;
  }
  return t;
}

/** A log-normal factor with median 1. */
const spread = (r: Rng, sigma: number) =>
  Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()));

export function arrival(r: Rng, now: number, days: number): number {
  for (;;) {
    const day = Math.floor(r.next() * days);
    const hour = r.weighted(HOURLY.map((w, h) => [h, w] as const));
    const midnight = Math.floor((now + MSK) / DAY) * DAY - MSK - day * DAY;
    const weekday = new Date(midnight + MSK).getUTCDay();
    if ((weekday === 0 || weekday === 6) && r.next() > 0.35) continue;
    const at = midnight + hour * HOUR + Math.floor(r.next() * HOUR);
    if (at < now - 10 * MIN) return at;
  }
}

export interface Built {
  input: TTicketInput;
  solvedAt: number | null;
  replyMinutes: number | null;
  reopened: boolean;
  agent: string | null;
  topic: string;
  customer: DemoSupportCustomer;
}

export function buildTicket(
  r: Rng,
  i: number,
  createdAt: number,
  now: number,
  off: Set<string>,
  customer: DemoSupportCustomer,
  topic?: string,
): Built {
  const iso = (ms: number) => new Date(ms).toISOString();
  const [chosenTopic, , teamKey] = topic
    ? (TOPICS.find((t) => t[0] === topic) ?? TOPICS[0])
    : r.weighted(TOPICS.map((t) => [t, t[1]] as const));
  const [channel, , baseMinutes] = r.weighted(CHANNELS.map((c) => [c, c[1]] as const));
  const priority = r.weighted(PRIORITIES);
  const teamAgents = AGENTS.filter((a) => a[2] === teamKey);
  const [agent, , , speed] = r.pick(teamAgents);
  const id = `DEMO-${String(100_000 + i)}`;
  const messages: NonNullable<TTicketInput["messages"]> = [];
  const history: { status: "open" | "pending" | "solved" | "closed"; at: string }[] = [];
  const say = (
    author: "customer" | "agent" | "bot" | "system",
    at: number,
    extra: { internal?: boolean; agent?: string } = {},
  ) => {
    if (at <= now)
      messages.push({
        externalId: `${id}-${messages.length + 1}`,
        author,
        at: iso(at),
        internal: extra.internal ?? false,
        agent: extra.agent,
      });
  };
  const change = (status: "open" | "pending" | "solved" | "closed", at: number) => {
    if (at <= now) history.push({ status, at: iso(at) });
  };
  say("customer", createdAt);
  const base = {
    externalId: id,
    createdAt: iso(createdAt),
    channel,
    priority,
    topic: chosenTopic,
    subject: null,
    customer: { externalId: customer.externalId },
  };

  // Chats open with a bot; some are solved by it alone.
  const greeted = channel === "chat" && r.next() < 0.75;
  if (greeted) say("bot", createdAt + 5_000);
  if (greeted && r.next() < 0.15) {
    const solved = createdAt + r.int(1, 4) * MIN;
    say("customer", solved - MIN);
    change("solved", solved);
    return {
      input: { ...base, team: null, assignee: null, statusHistory: history, messages },
      solvedAt: solved <= now ? solved : null,
      replyMinutes: null,
      reopened: false,
      agent: null,
      topic: chosenTopic,
      customer,
    };
  }
  if (channel === "email") say("system", createdAt + 2_000);
  // Spam and duplicates: closed without a reply, unresolved.
  if (r.next() < 0.03) {
    const closed = createdAt + r.int(5, 120) * MIN;
    change("closed", closed);
    return {
      input: {
        ...base,
        team: TEAMS[teamKey],
        assignee: agent,
        resolved: false,
        statusHistory: history,
        messages,
      },
      solvedAt: null,
      replyMinutes: null,
      reopened: false,
      agent,
      topic: chosenTopic,
      customer,
    };
  }

  // Replies were about 1.6 times slower a year ago than now.
  const age = (now - createdAt) / (365 * DAY);
  const urgency =
    (priority === "urgent" ? 0.4 : priority === "high" ? 0.7 : 1) * (chosenTopic === "payment" ? 0.5 : 1);
  const delay = baseMinutes * speed * urgency * (0.85 + 0.5 * age) * spread(r, 0.9) * MIN;
  const start = nextOfficeMoment(createdAt, off);
  const replyAt = Math.round(
    start === createdAt ? createdAt + delay : start + delay * 0.6 + r.int(0, 40) * MIN,
  );
  if (r.next() < 0.2) say("agent", createdAt + r.int(1, 10) * MIN, { internal: true, agent });
  say("agent", replyAt, { agent });
  if (channel === "email" && r.next() < 0.5) change("pending", replyAt + 1_000);

  const resolveMinutes = channel === "chat" || channel === "phone" ? r.int(5, 60) : 60 + 300 * spread(r, 1);
  let solved = replyAt + resolveMinutes * MIN;
  if (r.next() < 0.4) {
    const followUp = replyAt + r.int(5, 180) * MIN;
    say("customer", followUp);
    if (channel !== "email") change("open", followUp);
    say("agent", followUp + delay * 0.5, { agent });
    solved = Math.max(solved, followUp + delay * 0.5 + 10 * MIN);
  }
  change("solved", solved);
  let reopened = false;
  if (r.next() < 0.06) {
    const back = solved + r.int(1, 30) * HOUR;
    say("customer", back);
    change("open", back);
    say("agent", back + delay, { agent });
    solved = back + delay + r.int(30, 600) * MIN;
    change("solved", solved);
    reopened = true;
  }
  change("closed", solved + 4 * DAY);
  return {
    input: { ...base, team: TEAMS[teamKey], assignee: agent, statusHistory: history, messages },
    solvedAt: solved <= now ? solved : null,
    replyMinutes: replyAt <= now ? (replyAt - createdAt) / MIN : null,
    reopened,
    agent,
    topic: chosenTopic,
    customer,
  };
}

export function buildCall(r: Rng, i: number, now: number, days: number): TCallInput {
  const queued = arrival(r, now, days);
  const iso = (ms: number) => new Date(ms).toISOString();
  const externalId = `DEMO-CALL-${String(100_000 + i)}`;
  if (r.next() < 0.03) return { externalId, outcome: "blocked", channel: "phone", queuedAt: iso(queued) };
  const busy = HOURLY[new Date(queued + MSK).getUTCHours()] ?? 1;
  const wait = Math.round(12_000 * (0.5 + busy / 10) * spread(r, 0.8));
  const patience = Math.round(90_000 * spread(r, 0.7));
  if (wait > patience)
    return {
      externalId,
      outcome: "abandoned",
      channel: "phone",
      queuedAt: iso(queued),
      endedAt: iso(queued + patience),
    };
  const [agent, , team] = r.pick(AGENTS.filter((a) => a[2] !== "l2"));
  const talk = Math.round(240 * spread(r, 0.6));
  const hold = r.next() < 0.3 ? r.int(10, 90) : 0;
  return {
    externalId,
    outcome: "answered",
    channel: "phone",
    queuedAt: iso(queued),
    answeredAt: iso(queued + wait),
    endedAt: iso(queued + wait + (talk + hold) * 1000),
    talkSeconds: talk,
    holdSeconds: hold,
    acwSeconds: r.int(20, 120),
    agent,
    team: TEAMS[team],
  };
}
