// Measured on the panel at scale 1 (text 1.9vw, panel 41vw wide with its paddings): in em of the
// panel's text, what fits between top and bottom, how wide a line is, what each part takes.
const PANEL_HEIGHT_EM = 23;
const PANEL_WIDTH_EM = 19.4;
const FIXED_EM = 5.6; // status line, total or hint line, and the gaps between the parts
const PROMPT = { size: 1.45, lineHeight: 1.2 };
const OPTION = { size: 1.1, indentEm: 4.5, extraLineEm: 1.6 };
const OPTION_ROW_EM = { open: 3, revealed: 3.9 };
// Words do not fill a line to its end.
const WRAP_WASTE = 1.15;
const MIN_SCALE = 0.5;
const STEP = 0.05;

/** Width of a text in em of its font: CJK characters are a full em, bold Latin about 0.62. */
function emWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2E80-\u9FFF\uAC00-\uD7AF\uFF00-\uFFEF]/u.test(char) ? 1 : 0.62;
  return width * WRAP_WASTE;
}

const lines = (text: string, lineWidthEm: number) => Math.max(1, Math.ceil(emWidth(text) / lineWidthEm));

/** Height in em the panel's content needs at `scale` (smaller text: more words per line). */
function neededEm(prompt: string, options: string[], withBars: boolean, scale: number): number {
  const width = PANEL_WIDTH_EM / scale;
  const promptEm = lines(prompt, width / PROMPT.size) * PROMPT.size * PROMPT.lineHeight;
  const row = withBars ? OPTION_ROW_EM.revealed : OPTION_ROW_EM.open;
  const optionsEm = options.reduce((sum, o) => sum + row + (lines(o, (width - OPTION.indentEm) / OPTION.size) - 1) * OPTION.extraLineEm, 0);
  return FIXED_EM + promptEm + optionsEm;
}

/**
 * How much to shrink the projector's question panel so that a long question with many options
 * still fits: nobody can scroll a projector. The panel's paddings do not shrink with the text,
 * so the room in em grows as the scale falls. An estimate from the text, never below half size.
 */
export function quizPanelScale(prompt: string, options: string[], withBars: boolean): number {
  let scale = 1;
  while (scale > MIN_SCALE && neededEm(prompt, options, withBars, scale) > PANEL_HEIGHT_EM / scale) scale -= STEP;
  return Math.max(MIN_SCALE, Math.round(scale * 100) / 100);
}
