/**
 * Control characters and direction controls a terminal would act on, other than newline and tab:
 * C0 and C1 controls (ESC starts colour, cursor, clear-screen and hyperlink sequences; CR
 * overwrites a line) and the bidi embeddings, overrides, isolates and marks.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as the CLI prints it: what a catalogue, policy or page put in it can show, never steer the
 * terminal. Each control becomes its `\uXXXX` escape, which reads the same inside JSON strings.
 *
 * @example terminalText('Excel \u001b[2J') // 'Excel \\u001b[2J'
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
