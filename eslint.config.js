import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import vueI18n from '@intlify/eslint-plugin-vue-i18n'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'test-output/**', 'runs/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    // TypeScript itself checks names; plain JS scripts run in Node.
    files: ['**/*.ts', '**/*.vue'],
    rules: { 'no-undef': 'off' }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'vue/multi-word-component-names': 'off'
    }
  },
  {
    // The engine, the CLI and the contract run outside Electron: they may never import it.
    files: ['src/main/engine/**', 'src/main/cli/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The engine runs without Electron (DESIGN.md).' }] }
      ]
    }
  },
  {
    // The renderer talks to the engine only through window.studio.
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', 'node:*', '**/main/**', '**/preload/**'] }
      ]
    }
  },
  {
    // Every word a user reads comes from the message files (src/shared/i18n); symbols,
    // numbers and units may stay in templates.
    files: ['src/renderer/**/*.vue'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    rules: {
      '@intlify/vue-i18n/no-raw-text': [
        'error',
        {
          attributes: { '/.+/': ['title', 'aria-label', 'placeholder', 'alt', 'label'] },
          ignorePattern:
            '^[\\s\\d.,:;!?()\\[\\]{}<>=+\\-–—−×÷/\\\\|·•…%#*&@$^~_\'"`«»←→↑↓↺↻✓✕✦▦▶☰∿⏸■□▲▼°σμε]*$'
        }
      ]
    }
  },
  prettier
)
