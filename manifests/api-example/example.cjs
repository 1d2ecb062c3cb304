// The same as example.mjs, written the way PM2 code is: CommonJS and callbacks.
const pm2 = require('tend-pm');

pm2.connect((err) => {
  if (err) throw err;
  pm2.start({ name: 'answerer', script: `${__dirname}/answerer.cjs` }, (err, procs) => {
    if (err) throw err;
    console.log(`${procs[0].name} is ${procs[0].pm2_env.status} with pid ${procs[0].pid}`);
    pm2.launchBus((err, bus) => {
      if (err) throw err;
      bus.on('process:msg', (packet) => {
        if (packet.process.name !== 'answerer') return;
        console.log('reply:', JSON.stringify(packet.data));
        bus.close();
        pm2.delete('answerer', () => pm2.list((err, list) => {
          console.log('apps left:', list.length);
          pm2.disconnect();
        }));
      });
      pm2.sendDataToProcessId(procs[0].pm_id, { type: 'process:msg', data: { who: 'api' }, topic: 'greeting' }, (err) => {
        if (err) throw err;
      });
    });
  });
});
