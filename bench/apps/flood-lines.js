// The flood's lines, shared by the app that writes them and the bench that checks them.
// Line n is "L<n>|<payload>|E"; payload lengths vary so pipe chunks end at every offset.
const ascii = 'abcdefghijklmnopqrstuvwxyz0123456789';
const utf8 = ['é', 'ß', '漢', '字', '🙂', 'ж', '€', 'a'];

function payload(n, kind) {
  const length = 20 + ((n * 7) % 61);
  const alphabet = kind === 'utf8' ? utf8 : ascii;
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[(n + i) % alphabet.length];
  return text;
}

function line(n, kind) {
  return `L${n}|${payload(n, kind)}|E`;
}

module.exports = { line };
