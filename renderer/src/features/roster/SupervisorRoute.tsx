import { useParams } from 'react-router';
import { SupervisorPage } from './RosterPage';

export default function SupervisorRoute() {
  const { id } = useParams();
  return <SupervisorPage id={id!} />;
}
