import { mount } from 'svelte';
import App from './App.svelte';
import { Session } from './app/session.svelte';
import { openBrowserEngine } from './db/browser-engine';
import { fetchSampleFile } from './ingest/sample-urls';
import './app.css';

const session = new Session(openBrowserEngine, fetchSampleFile);
mount(App, { target: document.getElementById('app')!, props: { session } });
void session.start();
