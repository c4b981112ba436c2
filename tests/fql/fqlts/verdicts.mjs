// Reads a JSON array of FQL expressions on stdin and prints, as one JSON array, whether
// @segment/fql-ts's lexer and parser accept each one. The Python parity test compares these
// verdicts with patchwire.fql's, so this script must stay a thin, faithful wrapper.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { lex, ast } = require('@segment/fql-ts')

function verdict(source) {
  if (typeof source !== 'string') {
    throw new TypeError(`expected a string, got ${JSON.stringify(source)}`)
  }
  const lexed = lex(source)
  if (lexed.error) {
    return { accepted: false, stage: 'lex', error: String(lexed.error.message) }
  }
  const parsed = ast(lexed.tokens)
  if (parsed.error) {
    return { accepted: false, stage: 'parse', error: String(parsed.error.message) }
  }
  return { accepted: true, stage: null, error: null }
}

const chunks = []
for await (const chunk of process.stdin) {
  chunks.push(chunk)
}
const expressions = JSON.parse(Buffer.concat(chunks).toString('utf8'))
if (!Array.isArray(expressions)) {
  throw new TypeError('stdin must hold a JSON array of strings')
}
process.stdout.write(JSON.stringify(expressions.map(verdict)) + '\n')
