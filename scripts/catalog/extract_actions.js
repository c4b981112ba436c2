#!/usr/bin/env node
// Extract structural facts about selected action destinations from an installed copy of the
// npm package @segment/action-destinations, for scripts/catalog/generate.py.
//
// Usage: node extract_actions.js <path/to/@segment/action-destinations> <dir> [<dir> ...]
//
// Prints JSON to stdout. Only machine facts are kept (keys, labels, types, flags, defaults,
// choices, triggers, presets); prose descriptions are deliberately dropped.
'use strict'

const fs = require('fs')
const path = require('path')

const pkgDir = path.resolve(process.argv[2])
const dirs = process.argv.slice(3)

const manifestSrc = fs.readFileSync(path.join(pkgDir, 'dist', 'destinations', 'index.js'), 'utf8')
const ids = {}
for (const m of manifestSrc.matchAll(/register\('([0-9a-f]{24})',\s*'\.\/([^']+)'\)/g)) {
  ids[m[2]] = m[1]
}

function clean(value) {
  // Functions (dynamic choice loaders, perform hooks) are not data: drop them.
  return JSON.parse(JSON.stringify(value === undefined ? null : value, (k, v) => (typeof v === 'function' ? undefined : v)))
}

function field(key, f) {
  return {
    key,
    label: f.label ?? key,
    type: f.type ?? 'string',
    required: f.required === true,
    multiple: f.multiple === true,
    dynamic: Boolean(f.dynamic),
    allowNull: f.allowNull === true,
    hidden: f.unsafe_hidden === true,
    default: f.default === undefined ? null : clean(f.default),
    hasDefault: f.default !== undefined,
    choices: f.choices === undefined ? null : clean(f.choices),
    placeholder: typeof f.placeholder === 'string' ? f.placeholder : null
  }
}

const out = []
for (const dir of dirs) {
  const mod = require(path.join(pkgDir, 'dist', 'destinations', dir))
  const d = mod.default
  const authFields = (d.authentication && d.authentication.fields) || {}
  out.push({
    dir,
    id: ids[dir] ?? null,
    packageName: d.name,
    slug: d.slug,
    mode: d.mode,
    authScheme: (d.authentication && d.authentication.scheme) || null,
    settings: Object.entries(authFields).map(([k, f]) => field(k, f)),
    actions: Object.entries(d.actions || {}).map(([k, a]) => ({
      key: k,
      title: a.title,
      hidden: a.hidden === true,
      defaultSubscription: a.defaultSubscription ?? null,
      fields: Object.entries(a.fields || {}).map(([fk, f]) => field(fk, f))
    })),
    presets: (d.presets || [])
      .filter((p) => p.type === undefined || p.type === 'automatic')
      .filter((p) => typeof p.subscribe === 'string')
      .map((p) => ({ name: p.name, subscribe: p.subscribe, partnerAction: p.partnerAction, mapping: clean(p.mapping || {}) }))
  })
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
