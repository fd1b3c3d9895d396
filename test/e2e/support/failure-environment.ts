import NodeEnvironment from 'jest-environment-node';

/**
 * The node environment, telling the test file's hooks whether the test that just ran failed:
 * report-pages.ts then writes what each open page showed, which a timeout's message does not.
 */
export default class FailureAwareEnvironment extends NodeEnvironment {
  async handleTestEvent(event: { name: string }): Promise<void> {
    if (event.name === 'test_start') this.global.__samplanTestFailed = false;
    if (event.name === 'test_fn_failure') this.global.__samplanTestFailed = true;
  }
}
