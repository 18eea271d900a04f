/** Phrase pools for seeded content: plain, unicode, emoji and long texts. */
import { type Rng } from './rng.js';

const openers = [
  'Hi!',
  'Hello there',
  'Hey 👋',
  'Bonjour',
  'Hola',
  'Guten Tag',
  'こんにちは',
  'Привет',
  'مرحبا',
  'Olá',
  'Ciao',
  '你好',
];
const questions = [
  'Do you ship to Canada?',
  'Is the blue one still in stock?',
  'What are your opening hours this weekend?',
  'Can I change the size on my order #4821?',
  'Do you have gift cards? 🎁',
  'My parcel says delivered but I cannot find it 😕',
  'Is there a discount for students?',
  'Are your candles vegan? 🌱',
  'Can I pick up in store tomorrow?',
  'Combien coûte la livraison en France ?',
  '¿Tienen la talla M en rojo?',
  'Wie lange dauert der Versand nach Österreich?',
  'この商品はまだありますか？',
  'Can you do a custom engraving? ✍️',
];
const replies = [
  'Thanks for reaching out! Let me check that for you.',
  'Yes, we do! 🙌',
  'We are open 10–18 on Saturday and closed on Sunday.',
  'Absolutely — I have updated your order.',
  'Sorry about that 😔 I have opened a claim with the carrier.',
  'Great question! Everything is handmade in small batches.',
  'You can pick it up from 11:00. See you soon!',
  'Oui, la livraison est offerte dès 50 €.',
  '¡Claro! Te la reservamos.',
  'Sure thing, here is the link to our size guide.',
];
const follow = [
  'Thank you so much ❤️',
  'Perfect, thanks!',
  'ok 👍',
  'Great, see you then',
  '🙏🙏🙏',
  'Amazing service as always ✨',
  'Merci beaucoup !',
  'I will think about it and come back to you.',
];
const postBodies = [
  'New arrivals just landed in the shop ✨ Which one is your favourite?',
  'Behind the scenes of our weekend market stall 🧺',
  'We are closed on Monday for inventory. Thanks for your patience!',
  'Meet Maya, who hand-pours every candle in our studio 🕯️',
  'Our autumn collection is here 🍂🍁 Link in bio.',
  'Giveaway! Comment with your favourite scent to enter 🎉',
  'Café, croissants et bonne humeur ☕🥐',
  'Thank you for 10k followers 💛 We could not have done it without you.',
  'Tip of the week: trim the wick to 5 mm before every burn.',
  'Restock alert 🚨 The Sea Salt & Sage set is back.',
  '週末のマーケットに出店します！ぜひお立ち寄りください。',
  'Ramadan Kareem 🌙 to everyone celebrating.',
];
const longParagraph =
  'Long read: we have been asked many times how we started, so here is the whole story. It began in a tiny kitchen with ' +
  'one pot, a thermometer and far too much enthusiasm. The first batches were lopsided, the wicks drowned and the ' +
  'scents were either overwhelming or absent. Over the following months we learned about wax blends, curing times, ' +
  'and the difference between a cold throw and a hot throw. Friends became our first customers, then their friends, ' +
  'then strangers from the other side of the world 🌍. Today we are a team of five, still pouring by hand, still ' +
  'learning every week. Thank you for being part of this journey — it means more than we can say. 💛';
const captions = [
  'Golden hour in the studio ✨ #handmade #smallbusiness',
  'New drop 🔥 Swipe to see every colour →',
  'Process video: from wax to jar 🕯️',
  'Sunday vibes ☀️🌿',
  'Packing orders all day 📦📦📦',
  'Can you guess the scent? 👀',
  'Collab with @localceramics 🏺',
  'Tag someone who needs this 💛',
];
const commentTexts = [
  'Love this! 😍',
  'Where can I buy it?',
  'So pretty ✨',
  'Need this in my life',
  'Beautiful work 👏👏',
  'Do you ship internationally?',
  '🔥🔥🔥',
  'Ordered two, cannot wait!',
  'Magnifique 💐',
  'What size is this?',
];

/** Deterministic text generators for seeded content. */
export const texts = {
  /** A customer's message (sometimes long or emoji-only). */
  customer(rng: Rng): string {
    const r = rng.next();
    if (r < 0.04) return longParagraph.slice(0, rng.int(200, longParagraph.length));
    if (r < 0.1) return rng.pick(follow);
    if (r < 0.45) return `${rng.pick(openers)} ${rng.pick(questions)}`;
    return rng.pick(r < 0.8 ? questions : follow);
  },
  /** A Page's reply. */
  page(rng: Rng): string {
    return rng.pick(replies);
  },
  /** A post body. */
  post(rng: Rng): string {
    return rng.chance(0.05) ? longParagraph : rng.pick(postBodies);
  },
  /** An Instagram caption. */
  caption(rng: Rng): string {
    return rng.pick(captions);
  },
  /** A comment. */
  comment(rng: Rng): string {
    return rng.pick(commentTexts);
  },
};

/** Names for seeded customers and commenters. */
export const personNames = [
  'Sam Okafor',
  'Priya Natarajan',
  'Lena Fischer',
  'Tomás García',
  'Aiko Tanaka',
  'Noah Williams',
  'Fatima Zahra',
  'Olivia Brown',
  'Mateo Rossi',
  'Chloé Martin',
  'Jonas Berg',
  'Amara Nwosu',
  'Yuki Sato',
  'Elif Yılmaz',
  'Ivan Petrov',
  'Zoë Dubois',
  'Kwame Mensah',
  'Sofia Costa',
  'Liam O’Connor',
  'Hana Kim',
  'Ravi Kumar',
  'Emma Johansson',
  'Diego Hernández',
  'Nina Kowalski',
  'Omar Haddad',
  'Grace Lee',
  'Lucas Silva',
  'Mia Novak',
];
