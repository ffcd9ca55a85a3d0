/**
 * Runs before every builder component test (jest.config.js, project "builder").
 * jsdom lacks TextEncoder/TextDecoder, which react-router needs; Node has them.
 */
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
