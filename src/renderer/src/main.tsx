import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './app/App';
import { installTransport } from './app/transport/install';
import './styles/index.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element.');

// Load the reading face before a text is opened, so a long book is laid out once, not again on a font swap.
void document.fonts.load('1em "Literata Variable"');
void document.fonts.load('italic 1em "Literata Variable"');

const problem = installTransport();
if (problem === null) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} else {
  const message = document.createElement('p');
  message.className = 'startup-error';
  message.setAttribute('role', 'alert');
  message.textContent = problem;
  root.append(message);
}
