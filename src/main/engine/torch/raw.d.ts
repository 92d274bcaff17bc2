// Vite's `?raw` imports: a file's text, bundled into the engine (train.py and its README).
declare module '*?raw' {
  const text: string
  export default text
}
