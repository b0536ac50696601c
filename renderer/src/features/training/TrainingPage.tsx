// The training screen: one tab per file (plans, courses, hours, suggestions, in-service degrees).
import { Select, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToday } from '../../lib/clock';
import { Plans } from './PlansTab';
import { Courses } from './CoursesTab';
import { Compliance } from './ComplianceTab';
import { Suggestions } from './SuggestionsTab';
import { EducationList } from './EducationTab';

export default function TrainingPage() {
  const { t } = useTranslation();
  const thisYear = Number(useToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const yearPicker = (
    <Select
      style={{ width: 110 }}
      value={year}
      onChange={setYear}
      options={years.map((y) => ({ value: y, label: t('training.yearOf', { year: y }) }))}
      data-testid="training-year"
    />
  );
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'plans', label: t('training.tabs.plans'), children: <Plans year={year} yearPicker={yearPicker} /> },
        { key: 'courses', label: t('training.tabs.courses'), children: <Courses year={year} yearPicker={yearPicker} /> },
        { key: 'compliance', label: t('training.tabs.compliance'), children: <Compliance year={year} yearPicker={yearPicker} /> },
        { key: 'suggest', label: t('training.tabs.suggest'), children: <Suggestions /> },
        { key: 'education', label: t('training.tabs.education'), children: <EducationList /> },
      ]}
    />
  );
}
