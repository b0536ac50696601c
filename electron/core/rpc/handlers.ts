import { AppError } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/contract/roles';
import { passwordProblem } from '../../../shared/domain/password';
import { todayOf, type Clock } from '../clock';
import type { AuditService, AuditVerdict } from '../services/audit/audit.service';
import type { AuthService } from '../services/auth/auth.service';
import type { OfficesService } from '../services/offices/offices.service';
import type { SampleService } from '../services/sample/sample.service';
import type { SettingsService } from '../services/settings/settings.service';
import type { Sqlite } from '../db/open';
import type { Handlers } from './dispatch';
import type { ZonesService } from '../services/zones/zones.service';
import type { GridsService } from '../services/zones/grids.service';
import type { BusinessesService } from '../services/zones/businesses.service';
import type { CensusService } from '../services/zones/census.service';
import type { SyncService } from '../services/sync/sync.service';
import type { SyncWorker } from '../sync/worker';
import type { DossiersService } from '../services/dossiers/dossiers.service';
import type { RosterService } from '../services/roster/roster.service';
import type { TrainingService } from '../services/training/training.service';
import type { ImportHost } from '../imports/import-host';
import { readAttendanceFile } from '../imports/attendance-file';
import { cadreExport, censusExport } from '../exports/list-exports';
import { roleHas, type Permission } from '../../../shared/contract/roles';
import type { ImportKind } from '../../../shared/contract/imports';
import type { About } from '../../../shared/contract/app';
import type { UpdatesService } from '../services/app/updates.service';
import type { BackupsService } from '../services/app/backups.service';

const IMPORT_PERMISSION: Record<ImportKind, Permission> = { businesses: 'businesses.import', cadres: 'cadres.manage', census: 'zones.manage' };

/** Thin handlers: parse is done, permission is checked; each calls one service. */
export function createHandlers(s: {
  sqlite: Sqlite;
  clock: Clock;
  auth: AuthService;
  offices: OfficesService;
  settings: SettingsService;
  audit: AuditService;
  sample: SampleService;
  zones: ZonesService;
  grids: GridsService;
  businesses: BusinessesService;
  census: CensusService;
  worker: SyncWorker;
  sync: SyncService;
  dossiers: DossiersService;
  roster: RosterService;
  training: TrainingService;
  imports: ImportHost;
  about: () => About;
  updates: UpdatesService;
  auditVerify: () => AuditVerdict;
  backups: BackupsService;
}): Handlers {
  const today = () => todayOf(s.clock);
  const w = (ctx: { actor: { id: string; name: string }; method: string }) => ({ actor: ctx.actor, method: ctx.method });
  const viewer = (ctx: { user: { role: Role; office_id: string; cadre_id: string | null } }) => ({
    role: ctx.user.role,
    officeId: ctx.user.office_id,
    cadreId: ctx.user.cadre_id,
  });

  const importer = (ctx: { user: { id: string; role: Role; office_id: string; cadre_id: string | null } }) => ({ id: ctx.user.id, viewer: viewer(ctx) });
  const source = (i: { fileBase64?: string; previewId?: string; mapping?: Record<string, string | null>; resetMapping?: boolean }) => ({ fileBase64: i.fileBase64, previewId: i.previewId, mapping: i.mapping, resetMapping: i.resetMapping });

  const stationBoundOffice = (ctx: { user: { role: Role; office_id: string } }) => (ctx.user.role === 'chief' || ctx.user.role === 'staff' ? ctx.user.office_id : undefined);

  return {
    'app.about': () => s.about(),
    'update.status': () => s.updates.status(),
    'update.configure': (i) => s.updates.configure(i.feedUrl),
    'update.check': () => s.updates.check(true),
    'update.install': () => s.updates.install(),
    'backup.list': (i) => s.backups.list(i.folder),
    'backup.create': (i) => s.backups.create(i.folder),
    'backup.verify': (i) => s.backups.verify(i.file),
    'backup.recoveryKey': (i, ctx) => {
      s.auth.confirmPassword(ctx.user, i.password);
      const recoveryKey = s.backups.recoveryKey();
      s.audit.append({ actor: { id: ctx.user.id, name: ctx.user.username }, method: 'backup.recoveryKey', entity: 'database', entityId: null });
      return { recoveryKey };
    },
    'backup.restore': (i) => s.backups.restore(i.file, i.recoveryKey),
    'auth.status': () => {
      const b = s.auth.anyUser() ? s.offices.list(true).find((o) => o.kind === 'bureau') : undefined;
      return { setUp: s.auth.anyUser(), bureauName: b?.name ?? null };
    },
    'auth.setup': async (i) => {
      if (s.auth.anyUser()) throw new AppError('ALREADY_SET_UP', '系统已完成初始化');
      const ctx = { actor: s.auth.system, method: 'auth.setup' };
      const weak = passwordProblem(i.password, i.username);
      if (weak) throw new AppError('WEAK_PASSWORD', '密码强度不足', { problem: weak });
      let officeId: string;
      if (i.join) {
        // Enrol, then pull the county's offices; the administrator belongs to the enrolled office.
        const st = await s.worker.enroll(i.join);
        await s.worker.syncNow();
        const office = s.offices.list(true).find((o) => o.id === st.officeId);
        // The first pull did not finish: the code stays good until it does, so the wizard tries again.
        if (!office) throw new AppError('HUB_UNREACHABLE', '已登记到同步服务器，但尚未收到本单位的数据，请稍后重试（登记码仍然有效）', { retryable: true });
        officeId = office.id;
      } else {
        if (!i.bureauName || !i.bureauCode) throw new AppError('BAD_INPUT', '请填写县局名称和行政区划代码', { field: 'bureauName' });
        officeId = '';
      }
      return s.sqlite.transaction(() => {
        if (s.auth.anyUser()) throw new AppError('ALREADY_SET_UP', '系统已完成初始化');
        if (!officeId) officeId = s.offices.createBureau({ name: i.bureauName!, code: i.bureauCode! }, ctx).id;
        s.auth.createUser(
          { username: i.username, displayName: i.displayName, role: 'admin', officeId, password: i.password, mustChange: false },
          s.auth.system,
          'auth.setup',
        );
        if (i.loadSample && !i.join) s.sample.load(officeId, ctx, today());
        return { sampleLoaded: i.loadSample && !i.join };
      })();
    },
    'auth.login': (i) => s.auth.login(i.username, i.password),
    'auth.logout': (_i, ctx) => {
      s.auth.logout(ctx.sessionToken);
      return null;
    },
    'auth.me': (_i, ctx) => s.auth.me(ctx.user, s.auth.session(ctx.sessionToken)),
    'auth.changePassword': (i, ctx) => {
      s.auth.changePassword(ctx.user, i.oldPassword, i.newPassword);
      return null;
    },
    'users.list': () => s.auth.listUsers(),
    'users.create': (i, ctx) => s.auth.createUser(i, ctx.actor),
    'users.update': (i, ctx) => s.auth.updateUser(i, ctx.user),
    'users.resetPassword': (i, ctx) => {
      s.auth.resetPassword(i.id, i.newPassword, ctx.user);
      return null;
    },
    'users.unlock': (i, ctx) => s.auth.unlock(i.id, ctx.user),
    'offices.list': (i) => s.offices.list(i.includeInactive),
    'offices.create': (i, ctx) => s.offices.createStation(i, w(ctx)),
    'offices.update': ({ id, ...rest }, ctx) => s.offices.update(id, rest, w(ctx)),
    'offices.setActive': (i, ctx) => s.offices.setActive(i.id, i.active, w(ctx)),
    'cadres.list': (i, ctx) => s.offices.listCadres(viewer(ctx), i, today()),
    'cadres.create': (i, ctx) => s.offices.createCadre(viewer(ctx), i, w(ctx), today()),
    'cadres.update': ({ id, ...rest }, ctx) => s.offices.updateCadre(viewer(ctx), id, rest, w(ctx), today()),
    'cadres.export': async (i, ctx) => {
      const rows = s.offices.listCadres(viewer(ctx), i, today());
      return { fileBase64: await cadreExport(rows), rows: rows.length };
    },
    'cadres.importPreview': (i, ctx) => s.imports.preview('cadres', { ...source(i), target: {} }, importer(ctx), today()),
    'cadres.remove': (i, ctx) => {
      s.offices.removeCadre(viewer(ctx), i.id, w(ctx));
      return null;
    },
    'settings.list': () => s.settings.list(today()),
    'settings.set': (i, ctx) => s.settings.set(i.key as never, i.value, i.effectiveFrom, i.note, today(), w(ctx)),
    'audit.list': (i) => s.audit.list(i),
    'audit.verify': () => s.auditVerify(),
    'dossier.get': (i, ctx) => s.dossiers.get(viewer(ctx), i.cadreId, today()),
    'dossier.mine': (_i, ctx) => ({ cadreId: ctx.user.cadre_id }),
    'dossier.savePlan': (i, ctx) => s.dossiers.savePlan(viewer(ctx), i, w(ctx), today()),
    'dossier.submitPlan': (i, ctx) => s.dossiers.submitPlan(viewer(ctx), i.id, w(ctx), today()),
    'dossier.reviewPlan': (i, ctx) => s.dossiers.reviewPlan(viewer(ctx), { ...i, by: ctx.user.display_name }, w(ctx), today()),
    'dossier.removePlan': (i, ctx) => s.dossiers.remove(viewer(ctx), 'career_plan', i.id, w(ctx), today()),
    'dossier.saveCommitment': (i, ctx) => s.dossiers.saveCommitment(viewer(ctx), i, w(ctx), today()),
    'dossier.reviewCommitment': (i, ctx) => s.dossiers.reviewCommitment(viewer(ctx), { ...i, by: ctx.user.display_name }, w(ctx), today()),
    'dossier.removeCommitment': (i, ctx) => s.dossiers.remove(viewer(ctx), 'post_commitment', i.id, w(ctx), today()),
    'dossier.declare': (i, ctx) => s.dossiers.declare(viewer(ctx), i, w(ctx), today()),
    'dossier.decide': (i, ctx) => s.dossiers.decide(viewer(ctx), i, w(ctx), today()),
    'dossier.openDeclarations': (i) => s.dossiers.openDeclarations(i.officeId),
    'dossier.saveInternship': (i, ctx) => s.dossiers.saveInternship(viewer(ctx), i, w(ctx), today()),
    'dossier.removeInternship': (i, ctx) => s.dossiers.remove(viewer(ctx), 'internship', i.id, w(ctx), today()),
    'dossier.saveSecondment': (i, ctx) => s.dossiers.saveSecondment(viewer(ctx), i, w(ctx), today()),
    'dossier.removeSecondment': (i, ctx) => s.dossiers.remove(viewer(ctx), 'secondment', i.id, w(ctx), today()),
    'dossier.saveMentoring': (i, ctx) => s.dossiers.saveMentoring(viewer(ctx), i, w(ctx), today()),
    'dossier.removeMentoring': (i, ctx) => s.dossiers.remove(viewer(ctx), 'mentoring', i.id, w(ctx), today()),
    'dossier.saveAppraisal': (i, ctx) => s.dossiers.saveAppraisal(viewer(ctx), i, w(ctx), today()),
    'dossier.removeAppraisal': (i, ctx) => s.dossiers.remove(viewer(ctx), 'appraisal', i.id, w(ctx), today()),
    'dossier.quota': (i, ctx) => s.dossiers.quota(i.year, stationBoundOffice(ctx)),
    'dossier.saveMerit': (i, ctx) => s.dossiers.saveMerit(viewer(ctx), i, w(ctx), today()),
    'dossier.removeMerit': (i, ctx) => s.dossiers.remove(viewer(ctx), 'merit', i.id, w(ctx), today()),
    'hr.dashboard': (i, ctx) => s.dossiers.dashboard(viewer(ctx), i.officeId, today()),
    'roster.targets': () => s.roster.targets(),
    'roster.supervisors': (_i, ctx) => s.roster.listSupervisors(viewer(ctx), today()),
    'roster.candidates': (_i, ctx) => s.roster.candidates(viewer(ctx), today()),
    'roster.appoint': (i, ctx) => s.roster.appoint(viewer(ctx), i, w(ctx), today()),
    'roster.mine': (_i, ctx) => s.roster.mine(viewer(ctx), today()),
    'roster.supervisor': (i, ctx) => s.roster.supervisorPage(viewer(ctx), i.id, today()),
    'roster.assign': (i, ctx) => s.roster.assign(i, w(ctx), today()),
    'roster.removeAssignment': (i, ctx) => s.roster.removeAssignment(i.id, w(ctx)),
    'roster.log': (i, ctx) => s.roster.log(viewer(ctx), i, w(ctx), today()),
    'roster.secondLine': (i, ctx) => s.roster.secondLine(viewer(ctx), i.officeId, i.all, today()),
    'roster.defer': (i, ctx) => s.roster.defer(viewer(ctx), i, w(ctx), today()),
    'roster.moveToSecondLine': (i, ctx) => s.roster.moveToSecondLine(viewer(ctx), i, w(ctx), today()),
    'roster.eligibility': (i, ctx) => s.roster.eligibility(viewer(ctx), i.officeId, i.months, today()),
    'roster.promote': (i, ctx) => s.roster.promote(viewer(ctx), i, w(ctx), today()),
    'training.plans': (i) => s.training.listPlans(i.year),
    'training.savePlan': (i, ctx) => s.training.savePlan(viewer(ctx), i, w(ctx)),
    'training.removePlan': (i, ctx) => s.training.removePlan(i.id, w(ctx)),
    'training.courses': (i) => s.training.listCourses(i),
    'training.course': (i, ctx) => s.training.course(viewer(ctx), i.id),
    'training.saveCourse': (i, ctx) => s.training.saveCourse(i, w(ctx)),
    'training.removeCourse': (i, ctx) => s.training.removeCourse(i.id, w(ctx)),
    'training.enrol': (i, ctx) => s.training.enrol(viewer(ctx), i, w(ctx), today()),
    'training.unenrol': (i, ctx) => s.training.unenrol(viewer(ctx), i.id, w(ctx)),
    'training.settleOverfill': (i, ctx) => s.training.settleOverfill(i.courseId, w(ctx)),
    'training.attend': (i, ctx) => s.training.attend(viewer(ctx), i, w(ctx), today()),
    'training.importAttendance': async (i, ctx) => {
      const { fileBase64, rows, ...rest } = i;
      const file = fileBase64 ? await readAttendanceFile(Buffer.from(fileBase64, 'base64'), s.imports.limits()) : { rows: rows ?? [], lines: undefined };
      return s.training.importAttendance(viewer(ctx), { ...rest, ...file }, w(ctx), today());
    },
    'training.compliance': (i, ctx) => s.training.compliance(viewer(ctx), i.year, i.officeId, today()),
    'training.cadre': (i, ctx) => s.training.cadreRecord(viewer(ctx), i.cadreId, today()),
    'training.suggest': (i, ctx) => s.training.suggest(viewer(ctx), i, today()),
    'training.warnings': (i, ctx) => s.training.warnings(viewer(ctx), i.officeId, today()),
    'training.education': (i, ctx) => s.training.education(viewer(ctx), i.officeId),
    'training.saveEducation': (i, ctx) => s.training.saveEducation(viewer(ctx), i, w(ctx), today()),
    'training.removeEducation': (i, ctx) => s.training.removeEducation(i.id, w(ctx)),
    'zones.list': (i, ctx) => s.zones.list(viewer(ctx), i, today()),
    'zones.create': (i, ctx) => s.zones.create(viewer(ctx), i, w(ctx), today()),
    'zones.update': ({ id, ...rest }, ctx) => s.zones.update(viewer(ctx), id, rest, w(ctx), today()),
    'zones.retire': (i, ctx) => s.zones.retire(viewer(ctx), i.id, i.date, w(ctx), today()),
    'zones.split': (i, ctx) => s.zones.split(viewer(ctx), i, w(ctx)),
    'zones.merge': (i, ctx) => s.zones.merge(viewer(ctx), i, w(ctx)),
    'zones.assign': (i, ctx) => s.zones.assign(viewer(ctx), i, w(ctx), today()),
    'zones.endAssignment': (i, ctx) => s.zones.endAssignment(viewer(ctx), i.id, i.endDate, w(ctx)),
    'zones.history': (i, ctx) => s.zones.history(viewer(ctx), i.zoneId),
    'zones.load': (i, ctx) => s.zones.load(viewer(ctx), i.officeId, today()),
    'zones.reassignAll': (i, ctx) => s.zones.reassignAll(viewer(ctx), i, w(ctx), today()),
    'zones.overview': (i, ctx) => s.zones.overview(viewer(ctx), i.officeId, today()),
    'grids.list': (i, ctx) => s.grids.list(viewer(ctx), i.officeId),
    'grids.create': (i, ctx) => s.grids.create(viewer(ctx), i, w(ctx)),
    'grids.update': ({ id, ...rest }, ctx) => s.grids.update(viewer(ctx), id, rest, w(ctx)),
    'grids.setZones': (i, ctx) => s.grids.setZones(viewer(ctx), i.gridId, i.zoneIds, w(ctx)),
    'grids.dualTrack': (i, ctx) => s.grids.dualTrack(viewer(ctx), i.officeId, today()),
    'businesses.search': (i, ctx) => s.businesses.search(viewer(ctx), i),
    'businesses.create': (i, ctx) => s.businesses.create(viewer(ctx), i, w(ctx), today()),
    'businesses.update': ({ id, ...rest }, ctx) => s.businesses.update(viewer(ctx), id, rest, w(ctx), today()),
    'businesses.importPreview': (i, ctx) => s.imports.preview('businesses', { ...source(i), target: { officeId: i.officeId } }, importer(ctx), today()),
    'businesses.template': async () => ({ fileBase64: await s.businesses.template() }),
    'businesses.export': (i, ctx) => s.businesses.exportXlsx(viewer(ctx), i),
    'census.list': (i, ctx) => s.census.list(viewer(ctx), i.officeId),
    'census.create': (i, ctx) => s.census.create(viewer(ctx), i, w(ctx)),
    'census.export': async (i, ctx) => {
      const rows = s.census.entries(viewer(ctx), i.censusId);
      return { fileBase64: await censusExport(rows), rows: rows.length };
    },
    'census.importPreview': (i, ctx) => s.imports.preview('census', { ...source(i), target: { censusId: i.censusId } }, importer(ctx), today()),
    'census.entries': (i, ctx) => s.census.entries(viewer(ctx), i.censusId),
    'census.addEntry': (i, ctx) => s.census.addEntry(viewer(ctx), i, w(ctx)),
    'census.updateEntry': ({ id, ...rest }, ctx) => s.census.updateEntry(viewer(ctx), id, rest, w(ctx)),
    'census.counts': (i, ctx) => s.census.counts(viewer(ctx), i.censusId),
    'imports.commit': (i, ctx) => {
      const kind = s.imports.kindOf(i.previewId, ctx.user.id);
      if (!roleHas(ctx.user.role, IMPORT_PERMISSION[kind])) throw new AppError('FORBIDDEN', '当前角色无权执行此操作', { method: ctx.method, permission: IMPORT_PERMISSION[kind] });
      return s.imports.commit(kind, i, importer(ctx), w(ctx), today());
    },
    'imports.job': (i, ctx) => s.imports.job(i.jobId, ctx.user.id),
    'imports.cancel': (i, ctx) => s.imports.cancel(i.jobId, ctx.user.id),
    'imports.report': async (i, ctx) => ({ fileBase64: await s.imports.report(i.previewId, ctx.user.id, i.words, i.problemHeader) }),
    'sync.status': (_i, ctx) => s.sync.status(viewer(ctx)),
    'sync.enroll': (i) => s.worker.enroll(i),
    'sync.now': async (_i, ctx) => (await s.worker.syncNow(), s.sync.status(viewer(ctx))),
    'sync.importSnapshot': (i) => s.worker.importSnapshot(Buffer.from(i.fileBase64, 'base64')),
    'sync.conflicts': (_i, ctx) => s.sync.conflicts(viewer(ctx)),
    'sync.resolve': (i, ctx) => {
      s.sync.resolve(viewer(ctx), i, w(ctx), today());
      return null;
    },
    'sync.rejected': (_i, ctx) => s.sync.rejected(viewer(ctx)),
    'sync.retryRejected': (i, ctx) => {
      s.sync.retryRejected(viewer(ctx), i.opId, w(ctx));
      return null;
    },
    'sync.discardRejected': (i, ctx) => {
      s.sync.discardRejected(viewer(ctx), i.opId);
      return null;
    },
    'sync.quarantine': () => s.sync.quarantine(),
    'sync.dropQuarantined': (i, ctx) => {
      s.sync.dropQuarantined(i.seq, w(ctx));
      return null;
    },
  };
}
