"""Every cache of the build, in one place, so that a rebuild redoes only what changed.

- `store`: content keys, code versions, atomic writes, and the disk memo every cache below uses;
- `stamp`: has anything the generator reads or wrote changed since its last complete run?
- `pages`: the fingerprint of each page, what a render reuses;
- `caches`: one project's caches (parsed notes, pages, bodies, per-company results, charts) in a
  `Caches` object that whoever builds keeps from one build to the next.
"""
