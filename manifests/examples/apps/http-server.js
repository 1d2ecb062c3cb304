// Example HTTP app: answers every request with its pid and instance number, as JSON.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const server = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ pid: process.pid, instance: process.env.NODE_APP_INSTANCE ?? null }));
});

server.listen(port, () => console.log(`listening on ${port}`));

// Finish in-flight requests on stop, then exit.
process.on('SIGINT', () => server.close(() => process.exit(0)));
