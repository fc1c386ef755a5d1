/**
 * The static baseline of the scroll benchmark: the app's page as it is on screen, frozen — the
 * same markup and CSS (inlined), no script — with the virtualised tree's spacer holding every
 * collected row at its place (rows are positioned by their own transform, so their markup alone
 * puts them there). Scrolling it costs what the browser must do anyway to scroll those rows.
 *
 * The page's markup is taken with the DOM only (a clone, emptied spacer, a comment where the rows
 * go) and the rows and CSS are spliced in as text here: parsing markup inside the app would run
 * into its Content-Security-Policy, which drops inline style attributes.
 */
const ROWS_MARK = 'te-static-rows';

export const PAGE_MARKUP_SOURCE = String.raw`
(() => {
  const root = document.documentElement.cloneNode(true);
  for (const element of root.querySelectorAll('script, link, style')) element.remove();
  const spacer = root.querySelector('.te-wf-spacer');
  if (!spacer) throw new Error('the waterfall is not on the page');
  spacer.replaceChildren(document.createComment('${ROWS_MARK}'));
  return '<!doctype html>' + root.outerHTML;
})()
`;

export function staticPage(markup: string, rows: readonly string[], css: string): string {
  const mark = `<!--${ROWS_MARK}-->`;
  if (!markup.includes(mark) || !markup.includes('</head>')) throw new Error('the page markup has no place for the rows or the styles');
  const style = `<style>${css.replaceAll('</style', '<\\/style')}</style>`;
  return markup.replace('</head>', () => `${style}</head>`).replace(mark, () => rows.join(''));
}
