// The README's API example: start an app, list it, talk to it, watch its events, delete it.
import * as tend from 'tend-pm';

await tend.connect();
await tend.start({ name: 'answerer', script: new URL('./answerer.cjs', import.meta.url).pathname });

const [proc] = await tend.describe('answerer');
console.log(`${proc.name} is ${proc.pm2_env.status} with pid ${proc.pid}`);

const bus = await tend.launchBus();
const reply = new Promise((resolve) => {
  bus.on((event) => {
    if (event.type === 'message' && event.event.name === 'answerer') resolve(event.event.data);
  });
});
await tend.sendDataToProcessId(proc.pm_id, { type: 'process:msg', data: { who: 'api' }, topic: 'greeting' });
console.log('reply:', JSON.stringify(await reply));

bus.close();
await tend.delete('answerer');
console.log('apps left:', (await tend.list()).length);
await tend.disconnect();
