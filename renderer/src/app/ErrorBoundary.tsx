import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

/** Contains a render error to the page that threw it. Shows no stack trace. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('errors.boundary')}
        subTitle={i18n.t('errors.boundaryHint')}
        extra={[
          <Button key="home" onClick={() => ((window.location.hash = '#/'), this.setState({ failed: false }))}>
            {i18n.t('nav.home')}
          </Button>,
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {i18n.t('errors.reload')}
          </Button>,
        ]}
      />
    );
  }
}
