// The Chromium launcher is shared with the demo (`npm start`), so it lives in cli/lib.
export * from '../../cli/lib/chromium';
