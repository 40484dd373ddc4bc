import { mount } from 'svelte';
import App from './App.svelte';
import { Session } from './app/session.svelte';
import { clearLocalScenarios, localScenarioStore } from './app/scenario-store';
import { Keep } from './app/keep/keep.svelte';
import { createPage } from './app/page';
import { openIdbStore } from './app/keep/kv-store';
import { openBrowserEngine } from './db/browser-engine';
import { fetchSampleFile } from './ingest/sample-urls';
import './app.css';
import './ui/keep/print.css';

const session = new Session(openBrowserEngine, fetchSampleFile, localScenarioStore());
// A shared link carries its scenario in the hash; it wins over the kept session's config.
const hashConfig = /(?:^#|&)s=/.test(location.hash);
session.useHash(location.hash);
// Files, config, baseline and language are kept in IndexedDB and restored on the next visit.
const keep = new Keep(session, openIdbStore(), { clearScenarios: clearLocalScenarios });
mount(App, { target: document.getElementById('app')!, props: { page: createPage(session, keep) } });
void keep.start({ hashConfig, serviceWorker: import.meta.env.PROD });
