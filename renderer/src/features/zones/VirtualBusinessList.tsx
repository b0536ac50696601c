import { useQueries } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useState, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Business } from '../../../../shared/contract/zones';
import { rpc } from '../../api/client';

const ROW = 34;
const PAGE = 100;
const HEIGHT = 560;

type Filter = Omit<Parameters<typeof rpc<'businesses.search'>>[1], 'offset' | 'limit'>;

/** A windowed list: only the pages in view are fetched and only the rows in view are drawn. */
/** `officeNames` adds a 工商所 column, for the county-wide list. */
export function VirtualBusinessList({
  filter,
  total,
  onOpen,
  officeNames,
}: {
  filter: Filter;
  total: number;
  onOpen: (b: Business) => void;
  officeNames?: Map<string, string>;
}) {
  const { t } = useTranslation();
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW) - 10);
  const last = Math.min(total, Math.ceil((top + HEIGHT) / ROW) + 10);
  const pages: number[] = [];
  for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(last - 1, 0) / PAGE); p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((p) => ({
      queryKey: ['businesses.search', { ...filter, offset: p * PAGE, limit: PAGE }],
      queryFn: () => rpc('businesses.search', { ...filter, offset: p * PAGE, limit: PAGE }),
      staleTime: 30_000,
    })),
  });
  const rowAt = (i: number): Business | undefined => results[pages.indexOf(Math.floor(i / PAGE))]?.data?.rows[i % PAGE];
  const cols = `${officeNames ? '110px ' : ''}272px 1.6fr 1.4fr 80px 64px 64px 110px 100px`;
  const items = [];
  for (let i = first; i < last; i++) {
    const b = rowAt(i);
    items.push(
      <div
        key={i}
        className="vrow"
        role="row"
        tabIndex={0}
        style={{ top: i * ROW, height: ROW, gridTemplateColumns: cols }}
        onDoubleClick={() => b && onOpen(b)}
        onKeyDown={(e) => e.key === 'Enter' && b && onOpen(b)}
      >
        {b ? (
          <>
            {officeNames && <span title={officeNames.get(b.officeId)}>{officeNames.get(b.officeId)}</span>}
            <span title={b.creditCheckFailed ? t('zones.checkFailedHint') : undefined}>
              {b.creditCode ?? b.regNo}
              {b.creditCheckFailed && (
                <Tag color="orange" style={{ marginLeft: 4 }}>
                  {t('zones.checkFailed')}
                </Tag>
              )}
            </span>
            <span title={b.name}>{b.name}</span>
            <span title={b.address ?? ''}>{b.address}</span>
            <span>{b.legalRep}</span>
            <span>{b.food ? t('zones.yes') : ''}</span>
            <span>{t(`zones.bizStatuses.${b.status}`)}</span>
            <span>{b.zoneName}</span>
            <span>{b.gridName}</span>
          </>
        ) : (
          <span className="vrow-loading">…</span>
        )}
      </div>,
    );
  }
  return (
    <div className="vtable" role="table" aria-rowcount={total}>
      <div className="vhead" role="row" style={{ gridTemplateColumns: cols }}>
        {officeNames && <span>{t('cadres.office')}</span>}
        <span>{t('zones.creditCode')}</span>
        <span>{t('zones.bizName')}</span>
        <span>{t('zones.address')}</span>
        <span>{t('zones.legalRep')}</span>
        <span>{t('zones.food')}</span>
        <span>{t('zones.bizStatus')}</span>
        <span>{t('zones.zone')}</span>
        <span>{t('zones.grid')}</span>
      </div>
      <div className="vbody" style={{ height: HEIGHT }} onScroll={(e: UIEvent<HTMLDivElement>) => setTop(e.currentTarget.scrollTop)}>
        <div style={{ height: total * ROW, position: 'relative' }}>{items}</div>
      </div>
    </div>
  );
}
