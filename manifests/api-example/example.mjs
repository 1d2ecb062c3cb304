// The README's API example: start an app, list it, talk to it, watch its events, delete it.
import pm2 from 'tend-pm';

await pm2.connect();
const [proc] = await pm2.start({ name: 'answerer', script: new URL('./answerer.cjs', import.meta.url).pathname });
console.log(`${proc.name} is ${proc.pm2_env.status} with pid ${proc.pid}`);

const bus = await pm2.launchBus();
const reply = new Promise((resolve) => {
  bus.on('process:msg', (packet) => {
    if (packet.process.name === 'answerer') resolve(packet.data);
  });
});
await pm2.sendDataToProcessId({ id: proc.pm_id, type: 'process:msg', data: { who: 'api' }, topic: 'greeting' });
console.log('reply:', JSON.stringify(await reply));

bus.close();
await pm2.delete('answerer');
console.log('apps left:', (await pm2.list()).length);
await pm2.disconnect();
