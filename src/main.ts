import { mount } from 'svelte';
import App from './App.svelte';
import { Session } from './app/session.svelte';
import { localScenarioStore } from './app/scenario-store';
import { openBrowserEngine } from './db/browser-engine';
import { fetchSampleFile } from './ingest/sample-urls';
import './app.css';

const session = new Session(openBrowserEngine, fetchSampleFile, localScenarioStore());
// A shared link carries its scenario in the hash.
session.useHash(location.hash);
mount(App, { target: document.getElementById('app')!, props: { session } });
void session.start();
