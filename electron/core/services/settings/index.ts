import { settingsContract } from '../../../../shared/contract/settings';
import { settingVersion } from '../../schema/system';
import { defineModule } from '../../module';
import { createSettingsService, type SettingsService } from './settings.service';

declare module '../../module' {
  interface Ports {
    settings: SettingsService;
  }
}

/** The bureau's settings, versioned by the day they take effect (RULES.md names which numbers are settings). */
export default defineModule({
  name: 'settings',
  contract: settingsContract,
  tables: { settingVersion },
  services: (p, ports) => ({ settings: createSettingsService({ sqlite: p.sqlite, writer: p.writer, bureauId: () => ports.offices.bureauId() }) }),
  handlers: (s) => ({
    'settings.list': (_i, c) => s.settings.list(c.today),
    'settings.set': (i, c) => s.settings.set(i.key as never, i.value, i.effectiveFrom, i.note, c.today, c.write),
  }),
  probes: { 'settings.set': { key: 'session.idleMinutes', value: -1, effectiveFrom: '2026-01-01' } },
});
