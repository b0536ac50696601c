import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { LEADERSHIP_POSTS } from '../../../../shared/contract/offices';
import { addMonths, monthsBetween } from '../../../../shared/domain/career';
import type { Sqlite } from '../../db/open';
import { cadre, secondLineEvent } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { Viewer } from '../zones/scope';
import { inPeriod, str, type Row } from './roster-rows';

// 退二线: middle-level cadres reaching the second-line age, deferrals and the move.
export function createSecondLineService(deps: { sqlite: Sqlite; writer: SyncedWriter; offices: OfficesService; settings: SettingsService }) {
  const { sqlite, writer, offices, settings } = deps;

  // ---- Second line --------------------------------------------------------------------

  const eventsOf = sqlite.prepare('SELECT * FROM second_line_event WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY date, created_at');
  function secondLineRow(
    c: {
      id: string;
      name: string;
      officeName: string;
      post: string | null;
      leadershipPost: string | null;
      gender: 'M' | 'F';
      birthDate: string;
      status: string;
    },
    today: string,
  ) {
    const age = settings.at(c.gender === 'M' ? 'secondLine.ageMale' : 'secondLine.ageFemale', today);
    const max = settings.at('secondLine.maxDeferralYears', today);
    const baseDate = addMonths(c.birthDate, age.value * 12);
    const events = (eventsOf.all(c.id) as Row[]).map((e) => ({
      id: e.id as string,
      kind: e.kind as 'deferral' | 'move',
      date: e.date as string,
      newDate: str(e.new_date),
      approver: str(e.approver),
      decisionRef: str(e.decision_ref),
    }));
    const deferrals = events.filter((e) => e.kind === 'deferral');
    const last = deferrals[deferrals.length - 1];
    const date = last?.newDate ?? baseDate;
    const moved = c.status === 'second_line' || events.some((e) => e.kind === 'move');
    const maxDate = addMonths(baseDate, max.value * 12);
    const basis: RuleOutcome[] = [
      { rule: 'secondLineAge', pass: true, params: { gender: c.gender, born: c.birthDate.slice(0, 7), age: age.value, version: age.version, date: baseDate } },
      ...(last ? [{ rule: 'deferredBy', pass: true, params: { approver: last.approver ?? '', decisionRef: last.decisionRef ?? '', date } }] : []),
      { rule: 'maxDeferral', pass: true, params: { years: max.value, version: max.version, date: maxDate } },
    ];
    return {
      cadreId: c.id,
      name: c.name,
      officeName: c.officeName,
      post: c.post,
      leadershipPost: c.leadershipPost,
      gender: c.gender,
      birthDate: c.birthDate,
      ageMonths: Math.max(0, monthsBetween(c.birthDate, today)),
      baseDate,
      date,
      deferred: !!last,
      maxDate,
      monthsLeft: monthsBetween(today, date),
      moved,
      events,
      basis,
    };
  }

  /** Middle-level cadres (乡科级正副职) within the window of the second-line age, or past it. */
  function secondLine(v: Viewer, officeId: string | undefined, all: boolean, today: string) {
    const windowMonths = settings.at('secondLine.windowMonths', today).value;
    const horizon = addMonths(today, windowMonths);
    return offices
      .listCadres(v, { officeId }, today)
      .filter((c) => (c.leadershipPost && (LEADERSHIP_POSTS as readonly string[]).includes(c.leadershipPost)) || c.status === 'second_line')
      .filter((c) => c.status !== 'retired' && c.status !== 'transferred' && !c.pastRetirement)
      .map((c) => secondLineRow(c, today))
      .filter((r) => all || (!r.moved && r.date <= horizon))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  function middleLevel(v: Viewer, cadreId: string, today: string) {
    const c = offices.getCadre(v, cadreId, today);
    if (!c.leadershipPost || !(LEADERSHIP_POSTS as readonly string[]).includes(c.leadershipPost))
      throw fail('RULE_VIOLATION', 'notMiddleLevel', { name: c.name });
    return c;
  }

  function defer(
    v: Viewer,
    i: { cadreId: string; date: string; newDate: string; approver: string; decisionRef: string; note: string | null },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = middleLevel(v, i.cadreId, today);
    if (!i.approver) throw fail('BAD_INPUT', 'approverMissing', { field: 'approver' });
    const row = secondLineRow(c, today);
    if (row.moved) throw fail('RULE_VIOLATION', 'alreadySecondLine', { name: c.name });
    if (i.newDate <= row.date) throw fail('BAD_INPUT', 'deferralNotLater', { field: 'newDate', date: row.date });
    if (i.newDate > row.maxDate) {
      const max = settings.at('secondLine.maxDeferralYears', today);
      throw fail('BAD_INPUT', 'deferralTooLong', { field: 'newDate', maxDate: row.maxDate, years: max.value, version: max.version });
    }
    writer.create(
      secondLineEvent,
      {
        officeId: c.officeId,
        cadreId: c.id,
        kind: 'deferral',
        date: i.date,
        newDate: i.newDate,
        approver: i.approver,
        decisionRef: i.decisionRef,
        note: i.note,
      },
      ctx,
    );
    return secondLineRow(c, today);
  }

  function moveToSecondLine(v: Viewer, i: { cadreId: string; date: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = middleLevel(v, i.cadreId, today);
    const row = secondLineRow(c, today);
    if (row.moved) throw fail('RULE_VIOLATION', 'alreadySecondLine', { name: c.name });
    return writer.transaction(() => {
      writer.create(
        secondLineEvent,
        { officeId: c.officeId, cadreId: c.id, kind: 'move', date: i.date, newDate: null, approver: null, decisionRef: null, note: i.note },
        ctx,
      );
      writer.update(cadre, c.id, { status: 'second_line' }, ctx);
      const after = offices.getCadre(v, c.id, today);
      const isSupervisor = (sqlite.prepare('SELECT start_date, end_date FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL').all(c.id) as Row[]).some(
        (s) => inPeriod(today, s.start_date as string, str(s.end_date)),
      );
      return { row: secondLineRow(after, today), offerSupervisor: !isSupervisor };
    });
  }

  return { secondLine, defer, moveToSecondLine };
}
