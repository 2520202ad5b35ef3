// A worker thread that runs user code in QuickJS (WebAssembly): no network, no files, no Node
// APIs; memory and time are bounded per call. Loaded by sandbox-pool.ts.
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC, shouldInterruptAfterDeadline } from 'quickjs-emscripten';

// QuickJS's own malloc limit is not enforced in this WebAssembly build, so each call gets a
// fresh module whose WebAssembly.Memory has a hard maximum (~7 ms to instantiate).
const PAGE = 65536;
const newModule = (memoryMb) =>
  newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory: new WebAssembly.Memory({ initial: Math.min(256, (memoryMb * 1024 * 1024) / PAGE), maximum: (memoryMb * 1024 * 1024) / PAGE }) }));

parentPort.on('message', async ({ id, code, inputJson, timeoutMs, memoryMb }) => {
  const QuickJS = await newModule(memoryMb);
  const runtime = QuickJS.newRuntime();
  runtime.setMaxStackSize(1024 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + timeoutMs));
  const vm = runtime.newContext();
  const logs = [];
  try {
    const log = vm.newFunction('log', (...args) => {
      if (logs.length < 100) logs.push(args.map((a) => JSON.stringify(vm.dump(a))).join(' ').slice(0, 2000));
    });
    const consoleObj = vm.newObject();
    vm.setProp(consoleObj, 'log', log);
    vm.setProp(vm.global, 'console', consoleObj);
    log.dispose();
    consoleObj.dispose();
    const src = `JSON.stringify((function (input) {\n${code}\n})(JSON.parse(${JSON.stringify(inputJson)})) ?? null)`;
    const result = vm.evalCode(src, 'step.js');
    if (result.error) {
      const err = vm.dump(result.error);
      result.error.dispose();
      const message = typeof err === 'object' && err ? `${err.name ?? 'Error'}: ${err.message ?? JSON.stringify(err)}` : String(err);
      const kind = /interrupted/i.test(message) ? 'StepTimeoutError' : /out of memory/i.test(message) ? 'NonRetriableError' : 'Error';
      parentPort.postMessage({ id, ok: false, kind, message: kind === 'StepTimeoutError' ? `Code ran longer than ${timeoutMs} ms` : message, logs });
    } else {
      const json = vm.dump(result.value);
      result.value.dispose();
      parentPort.postMessage({ id, ok: true, json, logs });
    }
  } catch (e) {
    parentPort.postMessage({ id, ok: false, kind: 'NonRetriableError', message: String(e?.message ?? e), logs });
  } finally {
    vm.dispose();
    runtime.dispose();
  }
});
parentPort.postMessage({ ready: true });
