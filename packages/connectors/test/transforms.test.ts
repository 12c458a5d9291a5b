// Iggy's JSON field transforms as configured in connector files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import type { ConfigTree } from '../src/config/config-file.js';
import { applyTransforms, buildTransforms } from '../src/transforms/json-transforms.js';

function transformsFrom(toml: string) {
  return buildTransforms((parseToml(toml) as { transforms: ConfigTree }).transforms, 'test.toml');
}

test('add_fields with static and computed values; delete_fields; order as configured', () => {
  const transforms = transformsFrom(`
[transforms.add_fields]
enabled = true
[[transforms.add_fields.fields]]
key = "message"
value.static = "hello"
[[transforms.add_fields.fields]]
key = "at"
value.computed = "timestamp_millis"
[[transforms.add_fields.fields]]
key = "uid"
value.computed = "uuid_v7"

[transforms.delete_fields]
enabled = true
fields = ["secret", "message"]
`);
  const out = applyTransforms(transforms, { a: 1, secret: 'x' }) as Record<string, unknown>;
  assert.equal(out.a, 1);
  assert.equal('secret' in out, false);
  assert.equal('message' in out, false, 'delete runs after add, as listed');
  assert.equal(typeof out.at, 'number');
  assert.match(String(out.uid), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('update_fields honours its conditions', () => {
  const transforms = transformsFrom(`
[transforms.update_fields]
enabled = true
[[transforms.update_fields.fields]]
key = "status"
value.static = "seen"
condition = "key_exists"
[[transforms.update_fields.fields]]
key = "created"
value.static = "now"
condition = "key_not_exists"
[[transforms.update_fields.fields]]
key = "v"
value.static = 2
`);
  assert.deepEqual(applyTransforms(transforms, { status: 'new', created: 'then' }), { status: 'seen', created: 'then', v: 2 });
  assert.deepEqual(applyTransforms(transforms, {}), { created: 'now', v: 2 });
});

test('filter_fields keeps listed and matching fields, or drops matching ones', () => {
  const keep = transformsFrom(`
[transforms.filter_fields]
enabled = true
keep_fields = ["id"]
[[transforms.filter_fields.patterns]]
key_pattern.starts_with = "user_"
[[transforms.filter_fields.patterns]]
value_pattern.greater_than = 10
`);
  assert.deepEqual(applyTransforms(keep, { id: 1, user_name: 'a', other: 'b', big: 11, small: 3 }), { id: 1, user_name: 'a', big: 11 });
  const drop = transformsFrom(`
[transforms.filter_fields]
enabled = true
include_matching = false
[[transforms.filter_fields.patterns]]
value_pattern = "is_null"
`);
  assert.deepEqual(applyTransforms(drop, { a: null, b: 1 }), { b: 1 });
});

test('non-object payloads pass through; disabled and unknown transforms', () => {
  const transforms = transformsFrom(`
[transforms.add_fields]
enabled = true
[[transforms.add_fields.fields]]
key = "x"
value.static = 1
`);
  assert.deepEqual(applyTransforms(transforms, [1, 2]), [1, 2]);
  assert.equal(applyTransforms(transforms, 'text'), 'text');
  assert.deepEqual(transformsFrom('[transforms.add_fields]\nenabled = false\n'), []);
  assert.throws(() => transformsFrom('[transforms.proto_convert]\nenabled = true\n'), /unknown transform/);
  assert.throws(() => transformsFrom('[transforms.add_fields]\n[[transforms.add_fields.fields]]\nkey = "x"\nvalue.computed = "tomorrow"\n'), /computed must be one of/);
});
