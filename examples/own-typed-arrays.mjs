// Training on your own typed arrays: a regression y = sin(x0) · cos(x1) learned with MSE, then
// predictions for new rows.
import { train } from 'shardwise';

const rows = 4000;
const x = new Float32Array(rows * 2);
const targets = new Float32Array(rows);
for (let r = 0; r < rows; r++) {
  x[2 * r] = Math.random() * 6 - 3;
  x[2 * r + 1] = Math.random() * 6 - 3;
  targets[r] = Math.sin(x[2 * r]) * Math.cos(x[2 * r + 1]);
}

const { model, history } = await train({
  data: { x, features: 2, targets },
  loss: 'mse',
  outActivation: 'tanh',
  hidden: [64, 64],
  activation: 'tanh',
  epochs: 40,
  lr: 0.005,
});
console.log(`final training loss ${history.at(-1).loss.toFixed(5)}`);
const probe = model.predict([1.0, 0.5, -2.0, 1.0]);
console.log(`f(1, 0.5) ≈ ${probe[0].toFixed(3)} (true ${(Math.sin(1) * Math.cos(0.5)).toFixed(3)})`);
console.log(`f(-2, 1) ≈ ${probe[1].toFixed(3)} (true ${(Math.sin(-2) * Math.cos(1)).toFixed(3)})`);
