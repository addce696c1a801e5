/**
 * Styles of the tip, injected into its shadow root so the page cannot restyle it. The same CSS
 * serves the tip on pages and its preview page. Light and dark follow `prefers-color-scheme`;
 * motion is dropped under `prefers-reduced-motion`; forced colours (Windows high contrast) keep
 * borders and focus rings visible.
 */
export const TIP_CSS = `
:host { all: initial; }
.tm-tip {
  --tm-bg: #ffffff; --tm-fg: #1b1f24; --tm-muted: #4a5360; --tm-accent: #0b5cad; --tm-border: #8a96a5; --tm-soft: #eef2f6;
  color-scheme: light;
  position: fixed; z-index: 2147483646; width: max-content; max-width: min(380px, calc(100vw - 32px));
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--tm-fg);
}
@media (prefers-color-scheme: dark) {
  .tm-tip { --tm-bg: #1f242b; --tm-fg: #eef1f4; --tm-muted: #c3cad3; --tm-accent: #9ccdff; --tm-border: #6b7684; --tm-soft: #2b323b; color-scheme: dark; }
}
.tm-bar { display: flex; justify-content: flex-end; gap: 4px; }
.tm-top-left .tm-bar, .tm-bottom-left .tm-bar { justify-content: flex-start; }
button { font: inherit; color: var(--tm-fg); cursor: pointer; }
.tm-toggle, .tm-close {
  background: var(--tm-bg); border: 1px solid var(--tm-border);
  border-radius: 999px; padding: 6px 12px; box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
}
.tm-close { padding: 6px 10px; }
.tm-mark { color: var(--tm-accent); }
button:focus-visible, a:focus-visible, .tm-panel-title:focus-visible { outline: 3px solid var(--tm-accent); outline-offset: 2px; }
.tm-panel-title:focus:not(:focus-visible) { outline: none; }
.tm-panel {
  margin-top: 8px; background: var(--tm-bg); border: 1px solid var(--tm-border); border-radius: 12px;
  padding: 12px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.2); max-height: 60vh; overflow: auto;
  animation: tm-in 160ms ease-out;
}
@media (prefers-reduced-motion: reduce) { .tm-panel { animation: none; } }
@keyframes tm-in { from { opacity: 0; transform: translateY(6px); } to { opacity: 1; transform: none; } }
.tm-panel-title { font-size: 13px; font-weight: 600; margin: 0 0 8px; color: var(--tm-muted); }
.tm-card-list { list-style: none; margin: 0; padding: 0; }
.tm-card { padding: 8px 0; border-top: 1px solid var(--tm-border); }
.tm-card-list li:first-child .tm-card { border-top: 0; }
.tm-card-title { font-size: 15px; margin: 0 0 2px; }
.tm-card-title a { color: var(--tm-accent); }
.tm-card-tagline { margin: 0 0 2px; font-size: 13px; }
.tm-card-meta, .tm-card-why { margin: 0; font-size: 12.5px; color: var(--tm-muted); }
.tm-card-actions, .tm-pause-choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.tm-action {
  background: var(--tm-soft); border: 1px solid var(--tm-border); border-radius: 6px; padding: 3px 8px; font-size: 12.5px;
}
.tm-action[aria-pressed="true"] { border-color: var(--tm-accent); }
.tm-action-mark { color: var(--tm-accent); }
.tm-pause { margin-top: 8px; padding-top: 8px; border-top: 1px solid var(--tm-border); }
.tm-pause-choices { flex-direction: column; align-items: flex-start; }
.tm-brand {
  display: flex; align-items: center; gap: 6px; margin: 8px 0 0; padding: 2px 0 2px 8px; font-size: 12.5px; color: var(--tm-muted);
  border-left: 3px solid var(--tm-brand, var(--tm-accent));
}
.tm-brand-logo { width: 20px; height: 20px; object-fit: contain; border-radius: 4px; }
.tm-mark-logo { width: 16px; height: 16px; object-fit: contain; vertical-align: -3px; border-radius: 3px; }
.tm-ask { margin-top: 8px; padding-top: 8px; border-top: 1px solid var(--tm-border); }
.tm-ask-toggle { background: none; border: 0; padding: 0; color: var(--tm-accent); text-decoration: underline; font-size: 13px; text-align: start; }
.tm-ask-form { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; font-size: 13px; }
.tm-ask-form input[type="text"] {
  font: inherit; color: var(--tm-fg); background: var(--tm-bg); border: 1px solid var(--tm-border); border-radius: 6px; padding: 4px 6px;
}
.tm-ask-form input:focus-visible { outline: 3px solid var(--tm-accent); outline-offset: 1px; }
.tm-ask-note { margin: 0; font-size: 12.5px; color: var(--tm-muted); }
.tm-ask-send {
  align-self: flex-start; background: var(--tm-soft); border: 1px solid var(--tm-border); border-left: 3px solid var(--tm-brand, var(--tm-accent));
  border-radius: 6px; padding: 3px 10px; font-size: 12.5px;
}
.tm-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (forced-colors: active) {
  .tm-toggle, .tm-close, .tm-panel, .tm-action, .tm-ask-send { border: 1px solid CanvasText; }
  .tm-brand { border-left-color: CanvasText; }
}
`;
