/** Open-text answers for the demo, in Russian and English, by score group. */
export const COMMENTS = {
  detractor: {
    en: [
      "Delivery was late by a week and nobody warned me.",
      "Support took three days to answer a simple question.",
      "The price went up again, not worth it anymore.",
      "The app keeps crashing when I try to pay.",
      "Item arrived damaged and the return process is painful.",
      "The manager promised a call back and never called.",
    ],
    ru: [
      "Доставка опоздала на неделю, никто не предупредил.",
      "Поддержка отвечала три дня на простой вопрос.",
      "Цены снова выросли, уже не стоит своих денег.",
      "Приложение вылетает при оплате.",
      "Товар пришёл повреждённым, возврат оформить очень сложно.",
      "Менеджер обещал перезвонить и не перезвонил.",
    ],
  },
  passive: {
    en: [
      "Good overall, but delivery could be faster.",
      "Fine product, the website is a bit confusing.",
      "OK for the price, nothing special.",
      "Support was polite but slow.",
    ],
    ru: [
      "В целом хорошо, но доставку можно ускорить.",
      "Нормальный продукт, сайт немного запутанный.",
      "За свои деньги нормально, ничего особенного.",
      "Поддержка вежливая, но медленная.",
    ],
  },
  promoter: {
    en: [
      "Fast delivery and great quality, thank you!",
      "Support solved my problem in five minutes.",
      "Best prices I have found, and the app is easy.",
      "Always reliable, I recommend you to all my friends.",
    ],
    ru: [
      "Быстрая доставка и отличное качество, спасибо!",
      "Поддержка решила вопрос за пять минут.",
      "Лучшие цены, которые я нашёл, и удобное приложение.",
      "Всегда надёжно, советую вас всем друзьям.",
    ],
  },
} as const;
