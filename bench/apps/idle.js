// An idle app: loads nothing and keeps the event loop alive (what a manager adds shows up as RSS/CPU).
setInterval(() => {}, 1 << 30);
