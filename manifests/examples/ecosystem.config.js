// The same apps as quickstart.yaml, as a PM2-style CommonJS ecosystem file.
//   npx tend validate manifests/examples/ecosystem.config.js --env production
module.exports = {
  apps: [
    {
      name: 'api',
      script: './apps/http-server.js',
      instances: 2,
      exec_mode: 'cluster',
      port: 3000,
      env: { NODE_ENV: 'development' },
      env_production: { NODE_ENV: 'production' },
      max_memory_restart: '200M',
    },
    {
      name: 'worker',
      script: './apps/worker.js',
      env: { TICK_MS: 3000 },
      restart_delay: 1000,
    },
    {
      name: 'heartbeat',
      script: './apps/heartbeat.sh',
      env: { HEARTBEAT_SECONDS: 5 },
      kill_timeout: 3000,
    },
  ],
};
