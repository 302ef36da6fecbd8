import { render } from 'preact';

function App() {
  return <main>密语</main>;
}

render(<App />, document.getElementById('app')!);
