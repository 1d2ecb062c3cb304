// Answers every message sent with sendDataToProcessId, over the IPC channel tend gives Node apps.
process.on('message', (packet) => {
  process.send({ type: 'process:msg', data: { reply: `hello ${packet.data.who}`, pid: process.pid } });
});
setInterval(() => console.log('answerer alive'), 1000);
