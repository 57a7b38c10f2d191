import { render } from 'preact';

render(
  <main>
    <h1>Alliance portal</h1>
  </main>,
  document.getElementById('app')!,
);
