import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// The renderer gets exactly three functions. Channel names are inlined: a sandboxed
// preload cannot require local modules.
contextBridge.exposeInMainWorld('api', {
  invoke: (method: string, input: unknown, sessionToken?: string, background?: boolean) =>
    ipcRenderer.invoke('bd:invoke', method, input, sessionToken, background === true),
  on: (event: string, listener: (payload: unknown) => void) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('bd:event', wrapped);
    return () => ipcRenderer.removeListener('bd:event', wrapped);
  },
  savePdf: (name: string) => ipcRenderer.invoke('bd:pdf', name),
});
