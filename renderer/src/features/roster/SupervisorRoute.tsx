import { useParams } from 'react-router';
import { SupervisorPage } from './SupervisorPage';

export default function SupervisorRoute() {
  const { id } = useParams();
  return <SupervisorPage id={id!} />;
}
