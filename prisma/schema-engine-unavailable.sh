#!/bin/sh
# Stand-in for Prisma's native schema engine, which is downloaded from outside the npm registry
# and so can't be installed here. `prisma generate` never runs it; anything that does gets this.
echo "Prisma's schema engine is not installed. Retain applies prisma/migrations itself on start (npm start, or: npm run retain -- migrate)." >&2
exit 1
