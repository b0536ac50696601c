import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SENSITIVITY_CLASSES, type SensitivityClass } from '../shared/sync/protocol';
import zlib from 'node:zlib';
import { buildSnapshot, countyWideTables, createHub } from './hub';
import { createSqliteStore } from './store/sqlite-store';

// npm run hub -- [serve] [--port 8787] [--data ./hub-data] [--cert f --key f] [--host 0.0.0.0]
// npm run hub -- enroll --office <officeId> [--class station|county|hr] [--days 7]
// npm run hub -- snapshot <file> --office <officeId> [--class station]
// npm run hub -- devices
// npm run hub -- revoke <deviceId>
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: process.env.HUB_PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: process.env.HUB_DATA ?? './hub-data' },
    cert: { type: 'string' },
    key: { type: 'string' },
    office: { type: 'string' },
    class: { type: 'string', default: 'station' },
    days: { type: 'string', default: '7' },
    count: { type: 'string', default: '1' },
    'min-schema': { type: 'string', default: '1' },
    'max-schema': { type: 'string' },
    /** Testing aid: run the hub's clock ahead (the 30-days-offline fault test). */
    'clock-offset-ms': { type: 'string', default: '0' },
  },
});

fs.mkdirSync(values.data!, { recursive: true });
const offset = Number(values['clock-offset-ms']);
const now = () => Date.now() + offset;
const store = createSqliteStore(path.join(values.data!, 'hub.sqlite'), { now, countyWide: countyWideTables });
const [cmd = 'serve', arg] = positionals;

if (cmd === 'enroll') {
  if (!values.office) throw new Error('--office is required');
  if (!SENSITIVITY_CLASSES.includes(values.class as SensitivityClass)) throw new Error(`--class must be one of ${SENSITIVITY_CLASSES.join(', ')}`);
  for (let i = 0; i < Number(values.count); i++) {
    const code = store.createEnrolment(values.office, values.class as SensitivityClass, Number(values.days) * 86_400_000);
    console.log(`登记码（一次性，${values.days} 天内有效）：${code}`);
  }
  store.close();
} else if (cmd === 'snapshot') {
  if (!values.office) throw new Error('--office is required');
  const out = arg ?? `snapshot-${values.office}.json.gz`;
  const snap = buildSnapshot(store, values.office, values.class as SensitivityClass, now());
  fs.writeFileSync(out, zlib.gzipSync(JSON.stringify(snap)));
  console.log(`快照已写入 ${out}：${snap.rows.length} 行，截至序号 ${snap.cursor}`);
  store.close();
} else if (cmd === 'devices') {
  for (const d of store.listDevices()) console.log([d.id, d.name, d.officeId, d.sensitivity, d.revokedAt ? 'revoked' : 'active', d.lastSeenAt ? new Date(d.lastSeenAt).toISOString() : '-'].join('\t'));
  store.close();
} else if (cmd === 'revoke') {
  console.log(arg && store.revokeDevice(arg) ? `已吊销 ${arg}` : '没有这个设备，或已吊销');
  store.close();
} else {
  const tls = values.cert && values.key ? { cert: fs.readFileSync(values.cert), key: fs.readFileSync(values.key) } : undefined;
  const hub = createHub({ store, tls, now, minSchemaVersion: Number(values['min-schema']), maxSchemaVersion: values['max-schema'] ? Number(values['max-schema']) : undefined });
  hub.retryPending();
  const server = await hub.listen(Number(values.port), values.host);
  const addr = server.address() as { port: number };
  console.log(`Branch Desk sync hub listening on ${tls ? 'https' : 'http'}://${values.host}:${addr.port}/ (data: ${values.data})`);
  const stop = () => server.close(() => (store.close(), process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
