// The encodings a user can choose for a text file. Its own module, without
// imports, so the page's encoding menu does not pull the decoder and its
// messages into the first download.

export const TEXT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-kr',
  'windows-1252',
] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];
