/** Texts of the demo's feedback loop: the last two weeks' comments and what the team wrote on the cases. */

export type Lang = "ru" | "en";

/** Detractors about delivery: the courier partner in Kazakhstan failing is the story of the last week. */
export const DELIVERY_COMPLAINTS: Record<Lang, string[]> = {
  en: [
    "The courier in Almaty never showed up, the order is a week late.",
    "Delivery to Astana took twelve days instead of three.",
    "Parcel arrived crushed, the courier just left it at the door.",
    "The delivery slot was moved twice without asking me.",
    "Tracking said delivered, but nothing arrived. Nobody answers at the courier service.",
  ],
  ru: [
    "Курьер в Алматы так и не приехал, заказ опаздывает на неделю.",
    "Доставка в Астану заняла двенадцать дней вместо трёх.",
    "Посылка пришла помятой, курьер просто оставил её у двери.",
    "Дважды перенесли время доставки, не спросив меня.",
    "В трекинге написано «доставлено», а посылки нет. В курьерской службе не отвечают.",
  ],
};

/**
 * A comment the rules miss (no delivery keyword): the demo corrects it by hand, which is how the
 * workspace's classifier learns the word.
 */
export const UNCATEGORIZED_COMPLAINT = {
  ru: "Самокатчик перепутал подъезд и уехал с моим заказом.",
  en: "The scooter rider went to the wrong entrance and left with my order.",
};

export const CUSTOMER_NAMES: Record<Lang, string[]> = {
  ru: [
    "Анна Смирнова",
    "Дмитрий Ковалёв",
    "Айгерим Сапарова",
    "Ержан Нурланов",
    "Ольга Белова",
    "Тимур Ахметов",
  ],
  en: ["Emma Wilson", "Daniyar Abenov", "Sofia Marin", "Arman Seitkali", "Lucas Brown", "Nina Petrosyan"],
};

/** Internal notes and customer messages for each step, by the case's language. */
export const CASE_STEPS: Record<
  Lang,
  { acknowledged: string[]; inProgress: string[]; resolved: string[]; closed: string[]; pending: string[] }
> = {
  en: {
    acknowledged: [
      "Called the customer: the parcel is stuck at the Almaty hub.",
      "Customer confirmed by phone; asked the carrier for the tracking history.",
    ],
    inProgress: [
      "Re-sent the order with our own fleet; the carrier is investigating.",
      "Escalated to the carrier's account manager.",
    ],
    resolved: [
      "We switched the courier partner in your city and refunded the delivery fee.",
      "Your order was delivered again by our own courier; the delivery fee is refunded.",
    ],
    closed: ["Customer thanked us; closing.", "No reply after the fix; closing."],
    pending: ["Waiting for the warehouse to confirm the return.", "The carrier has not answered yet."],
  },
  ru: {
    acknowledged: [
      "Позвонили клиенту: посылка застряла на складе в Алматы.",
      "Клиент подтвердил по телефону; запросили у перевозчика историю отслеживания.",
    ],
    inProgress: [
      "Отправили заказ повторно своей доставкой; перевозчик разбирается.",
      "Передали вопрос менеджеру перевозчика.",
    ],
    resolved: [
      "Мы сменили курьерскую службу в вашем городе и вернули стоимость доставки.",
      "Заказ повторно доставил наш курьер, стоимость доставки возвращена.",
    ],
    closed: ["Клиент поблагодарил; закрываем.", "После решения клиент не ответил; закрываем."],
    pending: ["Ждём подтверждения возврата от склада.", "Перевозчик пока не ответил."],
  },
};
