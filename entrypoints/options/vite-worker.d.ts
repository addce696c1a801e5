/** Vite's `?worker` imports (see vite/client), declared here because the project does not load vite/client's globals. */
declare module '*?worker' {
  const WorkerConstructor: new (options?: { name?: string }) => Worker;
  export default WorkerConstructor;
}
