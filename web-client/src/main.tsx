import './ui/styles.css';
import { render } from 'preact';
import { createApp } from './app/client';
import { Root } from './ui/Root';

const app = createApp();
render(<Root app={app} />, document.getElementById('app')!);
void app.start();
