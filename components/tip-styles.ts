/** Styles of the tip, injected into its closed shadow root so the page cannot restyle it. */
export const TIP_CSS = `
:host { all: initial; }
.tm-tip {
  --tm-bg: #ffffff; --tm-fg: #1b1f24; --tm-muted: #4a5360; --tm-accent: #0b5cad; --tm-border: #c9d1db;
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; max-width: min(380px, calc(100vw - 32px));
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--tm-fg);
}
@media (prefers-color-scheme: dark) {
  .tm-tip { --tm-bg: #1f242b; --tm-fg: #eef1f4; --tm-muted: #b8c0ca; --tm-accent: #8cc4ff; --tm-border: #47505c; }
}
.tm-bar { display: flex; justify-content: flex-end; gap: 4px; }
.tm-toggle, .tm-close {
  font: inherit; color: var(--tm-fg); background: var(--tm-bg); border: 1px solid var(--tm-border);
  border-radius: 999px; padding: 6px 12px; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
}
.tm-close { padding: 6px 10px; }
.tm-mark { color: var(--tm-accent); }
.tm-toggle:focus-visible, .tm-close:focus-visible, a:focus-visible { outline: 3px solid var(--tm-accent); outline-offset: 2px; }
.tm-panel {
  margin-top: 8px; background: var(--tm-bg); border: 1px solid var(--tm-border); border-radius: 12px;
  padding: 12px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.2); max-height: 60vh; overflow: auto;
  animation: tm-in 160ms ease-out;
}
@media (prefers-reduced-motion: reduce) { .tm-panel { animation: none; } }
@keyframes tm-in { from { opacity: 0; transform: translateY(6px); } to { opacity: 1; transform: none; } }
.tm-panel-title { font-size: 13px; font-weight: 600; margin: 0 0 8px; color: var(--tm-muted); }
.tm-card { padding: 8px 0; border-top: 1px solid var(--tm-border); }
.tm-card:first-of-type { border-top: 0; }
.tm-card-title { font-size: 15px; margin: 0 0 2px; }
.tm-card-title a { color: var(--tm-accent); }
.tm-card-meta, .tm-card-why { margin: 0; font-size: 12.5px; color: var(--tm-muted); }
.tm-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
