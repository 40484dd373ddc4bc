// Everything the ingest step runs once a file has arrived, in one chunk that
// the page loads on first use: the sample-only visitor never downloads it.

export { detectMapping, detectTable } from './detect-mapping';
export { choicesFromGuesses, toSourceMapping } from './to-source-mapping';
export { runMappingChecks } from './mapping-checks';
export { profileTable } from './mapping-profile';
