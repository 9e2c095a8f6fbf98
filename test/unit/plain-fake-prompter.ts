import type { CheckChoice, Choice, Prompter } from '../../src/plain/prompter.js';

/**
 * Answers as a person typing at the prompts would: each choice question with the next key (none left:
 * Enter, the fallback), each checkbox with the next list of labels to have ticked (none left: Enter,
 * the ticks as offered).
 */
export function typing(
  keys: string[] = [],
  ticks: string[][] = [],
): Prompter & { asked: string[]; offered: Array<Array<CheckChoice<string>>> } {
  const asked: string[] = [];
  const offered: Array<Array<CheckChoice<string>>> = [];
  return {
    asked,
    offered,
    choose: async <T extends string>(message: string, choices: Array<Choice<T>>, fallback: T) => {
      asked.push(message);
      const key = keys.shift();
      return choices.find((c) => c.key === key)?.value ?? fallback;
    },
    checkbox: async <T extends string>(message: string, choices: Array<CheckChoice<T>>) => {
      asked.push(message);
      offered.push(choices);
      const labels = ticks.shift();
      return choices.filter((c) => (labels ? labels.includes(c.label) : c.checked)).map((c) => c.value);
    },
    text: async () => '',
    close: () => {},
  };
}
