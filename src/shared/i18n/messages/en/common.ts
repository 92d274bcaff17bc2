/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  /** The studio's language switch (status bar); each language is named in itself beside it. */
  language: {
    label: 'Language',
    systemNamed: 'System ({language})'
  }
}
