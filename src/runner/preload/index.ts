/**
 * Loaded into a run's entry process with `node --import`, before any learner code (run.ts passes its
 * URL). Each import does one job; none of them changes what learner code can observe of Node's APIs.
 */
import './blocking-stdio.ts';
import './report-listening.ts';
