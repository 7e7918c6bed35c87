/**
 * Rifles and long guns: bolt-action hunting rifles, assault rifles with curved magazines, modern
 * carbines with rails and collapsible stocks, sniper rifles on bipods, pump shotguns,
 * double-barrelled shotguns, bullpups, submachine guns with wire stocks, and muskets with
 * bayonets. Muzzle towards +z, y up, the gun's thin side along x. Units ≈ metres.
 */
import type { Manifold } from 'manifold-3d';
import type { Random } from '../../../geometry/Random.ts';
import { type Parts, type Vec2, type Vec3 } from '../parts.ts';
import { chance, pick, U } from '../sampling.ts';
import type { ShapeClass } from '../ShapeClass.ts';

/** A side profile (z, y) extruded to thickness `w` along x. */
function plate(p: Parts, prof: Vec2[], w: number, x = 0): Manifold {
  return p.extrude(prof, w, 'x', [x, 0, 0]);
}

/** Stock profile behind z0 (butt at z0 − len), top at y0; style changes the outline. */
function stock(
  p: Parts,
  r: Random,
  z0: number,
  y0: number,
  len: number,
  style: 'sporter' | 'straight' | 'thumbhole' | 'skeleton',
): Manifold {
  const drop = len * U(r, 0.12, 0.22),
    butt = len * U(r, 0.55, 0.7) * 0.25 + 0.1;
  const zb = z0 - len;
  if (style === 'skeleton') {
    const parts = [
      p.bar([0, y0 - 0.01, z0 + 0.02], [0, y0 - drop * 0.3, zb + 0.02], 0.025, 0.02, [1, 0, 0]),
      p.bar([0, y0 - 0.06, z0 + 0.02], [0, y0 - drop - butt + 0.02, zb + 0.02], 0.025, 0.02, [1, 0, 0]),
      p.box([0.035, butt + drop * 0.7, 0.03], [0, y0 - drop * 0.3 - (butt + drop * 0.7) / 2 + 0.01, zb + 0.015]),
    ];
    return p.union(parts);
  }
  const prof: Vec2[] =
    style === 'straight'
      ? [
          [z0 + 0.03, y0],
          [zb, y0 - drop * 0.3],
          [zb, y0 - drop * 0.3 - butt],
          [z0 + 0.03, y0 - 0.07],
        ]
      : [
          [z0 + 0.03, y0],
          [z0 - len * 0.35, y0 - drop * 0.5],
          [zb, y0 - drop],
          [zb, y0 - drop - butt],
          [z0 - len * 0.55, y0 - drop - butt * 0.45],
          [z0 - len * 0.25, y0 - 0.1],
          [z0 + 0.03, y0 - 0.07],
        ];
  let s = plate(p, prof, U(r, 0.035, 0.045));
  if (style === 'thumbhole')
    s = p.subtract(
      s,
      p.rod([-0.05, y0 - drop * 0.3 - 0.06, z0 - len * 0.3], [0.05, y0 - drop * 0.3 - 0.06, z0 - len * 0.3], 0.03, 0.03, 12),
    );
  return s;
}

function pistolGrip(p: Parts, z: number, y: number, len = 0.11, rake = 0.04): Manifold {
  return plate(
    p,
    [
      [z + 0.02, y + 0.01],
      [z - 0.035, y + 0.01],
      [z - 0.035 - rake, y - len],
      [z + 0.01 - rake, y - len],
    ],
    0.03,
  );
}

function triggerGuard(p: Parts, z: number, y: number): Manifold {
  return p.torus([0, y, z], 0.03, 0.004, [1, 0, 0], 180, 90, 12, 6);
}

/** Telescopic sight along z centred at `at` with its two mounts reaching down to `yBase`. */
function scope(p: Parts, r: Random, at: Vec3, len: number, yBase: number): Manifold {
  const R = U(r, 0.012, 0.016),
    bell = R * U(r, 1.4, 2.2);
  const prof: Vec2[] = [
    [0, -len / 2],
    [bell * 0.9, -len / 2],
    [bell * 0.9, -len / 2 + 0.03],
    [R, -len / 2 + 0.07],
    [R, len / 2 - 0.1],
    [bell, len / 2 - 0.04],
    [bell, len / 2],
    [0, len / 2],
  ];
  const parts = [p.lathe(prof, at, [0, 0, 1], 16), p.rod([at[0], at[1], at[2]], [at[0], at[1] + R * 1.6, at[2]], R * 0.6, R * 0.6, 12)];
  for (const dz of [-len * 0.22, len * 0.22])
    parts.push(p.box([0.02, at[1] - yBase + 0.01, 0.02], [at[0], (at[1] + yBase) / 2, at[2] + dz]));
  return p.union(parts);
}

function barrel(p: Parts, z0: number, z1: number, y: number, R: number): Manifold {
  return p.rod([0, y, z0], [0, y, z1], R, R * 0.85, 12);
}

export const rifle: ShapeClass = {
  name: 'rifle',
  variants: [
    {
      name: 'bolt-action-scoped',
      build(p, r) {
        const L = U(r, 1.0, 1.2),
          y = 0;
        const zr = -L * 0.05;
        const parts = [
          stock(p, r, zr - 0.1, y, L * U(r, 0.33, 0.38), pick(r, ['sporter', 'thumbhole'] as const)),
          plate(
            p,
            [
              [zr - 0.12, y + 0.01],
              [zr + L * 0.35, y + 0.005],
              [zr + L * 0.35, y - 0.03],
              [zr - 0.12, y - 0.06],
            ],
            0.04,
          ),
          p.rod([0, y + 0.02, zr - 0.1], [0, y + 0.02, zr + 0.12], 0.017, 0.017, 16),
          barrel(p, zr + 0.1, zr + L * 0.62, y + 0.02, 0.011),
          p.rod([0.004, y + 0.03, zr - 0.04], [0.06, y + 0.03, zr - 0.04], 0.005, 0.005, 8),
          p.ball([0.06, y + 0.03, zr - 0.04], 0.01, 8),
          triggerGuard(p, zr - 0.03, y - 0.05),
        ];
        if (chance(r, 0.8)) parts.push(scope(p, r, [0, y + 0.08, zr + 0.02], U(r, 0.28, 0.38), y + 0.03));
        return p.union(parts);
      },
    },
    {
      name: 'assault-curved-mag',
      build(p, r) {
        const L = U(r, 0.85, 0.95),
          y = 0;
        const zr = -L * 0.05;
        const parts = [
          p.box([0.045, 0.07, 0.3], [0, y, zr]),
          plate(
            p,
            [
              [zr + 0.15, y + 0.03],
              [zr + 0.4, y + 0.03],
              [zr + 0.4, y - 0.02],
              [zr + 0.15, y - 0.035],
            ],
            0.05,
          ),
          barrel(p, zr + 0.1, zr + L * 0.6, y + 0.02, 0.009),
          p.rod([0, y + 0.045, zr + 0.15], [0, y + 0.045, zr + 0.4], 0.012, 0.012, 12),
          p.box([0.01, 0.06, 0.015], [0, y + 0.05, zr + L * 0.55]),
          pistolGrip(p, zr - 0.1, y - 0.03),
          triggerGuard(p, zr - 0.03, y - 0.04),
        ];
        // Curved "banana" magazine.
        const mag: Vec2[] = [];
        const n = 6,
          mz = zr + 0.06,
          mlen = U(r, 0.16, 0.22),
          curve = U(r, 0.04, 0.09);
        for (let i = 0; i <= n; i++) {
          const s = i / n;
          mag.push([mz + 0.04 + curve * s * s, y - 0.02 - mlen * s]);
        }
        for (let i = n; i >= 0; i--) {
          const s = i / n;
          mag.push([mz - 0.03 + curve * s * s * 1.1, y - 0.02 - mlen * s]);
        }
        parts.push(plate(p, mag, 0.03));
        parts.push(
          chance(r, 0.5)
            ? stock(p, r, zr - 0.12, y + 0.02, U(r, 0.25, 0.32), 'sporter')
            : stock(p, r, zr - 0.12, y + 0.02, U(r, 0.22, 0.28), 'skeleton'),
        );
        return p.union(parts);
      },
    },
    {
      name: 'carbine-railed',
      build(p, r) {
        const L = U(r, 0.8, 0.95),
          y = 0;
        const zr = -L * 0.1;
        const parts = [
          p.box([0.04, 0.075, 0.28], [0, y, zr]),
          p.box([0.022, 0.012, 0.55], [0, y + 0.043, zr + 0.1]),
          p.rod([0, y + 0.01, zr + 0.12], [0, y + 0.01, zr + 0.42], U(r, 0.02, 0.027), U(r, 0.02, 0.027), 8),
          barrel(p, zr + 0.12, zr + L * 0.62, y + 0.01, 0.008),
          p.rod([0, y + 0.01, zr + L * 0.6], [0, y + 0.01, zr + L * 0.65], 0.012, 0.012, 8),
          pistolGrip(p, zr - 0.08, y - 0.03, 0.1, 0.035),
          triggerGuard(p, zr - 0.01, y - 0.04),
          plate(
            p,
            [
              [zr + 0.04, y - 0.03],
              [zr + 0.1, y - 0.03],
              [zr + 0.11, y - 0.2],
              [zr + 0.05, y - 0.2],
            ],
            0.025,
          ),
        ];
        // Collapsible stock: buffer tube and a sliding butt.
        const tubeEnd = zr - 0.14 - U(r, 0.12, 0.2);
        parts.push(p.rod([0, y + 0.015, zr - 0.13], [0, y + 0.015, tubeEnd], 0.015, 0.015, 12));
        parts.push(
          plate(
            p,
            [
              [tubeEnd + 0.08, y + 0.04],
              [tubeEnd, y + 0.04],
              [tubeEnd, y - 0.1],
              [tubeEnd + 0.04, y - 0.1],
              [tubeEnd + 0.08, y - 0.01],
            ],
            0.04,
          ),
        );
        if (chance(r, 0.6))
          parts.push(
            p.lathe(
              [
                [0, -0.04],
                [0.016, -0.04],
                [0.02, 0.04],
                [0, 0.04],
              ],
              [0, y + 0.075, zr + 0.02],
              [0, 0, 1],
              16,
            ),
            p.box([0.02, 0.03, 0.03], [0, y + 0.055, zr + 0.02]),
          );
        else parts.push(p.box([0.012, 0.05, 0.14], [0, y + 0.07, zr - 0.05]));
        return p.union(parts);
      },
    },
    {
      name: 'sniper-bipod',
      build(p, r) {
        const L = U(r, 1.15, 1.35),
          y = 0;
        const zr = -L * 0.1;
        const parts = [
          stock(p, r, zr - 0.1, y, L * 0.3, pick(r, ['thumbhole', 'straight'] as const)),
          plate(
            p,
            [
              [zr - 0.12, y + 0.015],
              [zr + 0.42, y + 0.015],
              [zr + 0.42, y - 0.035],
              [zr - 0.12, y - 0.06],
            ],
            0.05,
          ),
          p.box([0.045, 0.05, 0.25], [0, y + 0.025, zr]),
          barrel(p, zr + 0.1, zr + L * 0.68, y + 0.02, 0.013),
          p.rod([0, y + 0.02, zr + L * 0.66], [0, y + 0.02, zr + L * 0.72], 0.02, 0.02, 12),
          pistolGrip(p, zr - 0.1, y - 0.04),
          scope(p, r, [0, y + 0.1, zr + 0.02], U(r, 0.35, 0.45), y + 0.05),
          plate(
            p,
            [
              [zr + 0.04, y - 0.03],
              [zr + 0.1, y - 0.03],
              [zr + 0.1, y - 0.12],
              [zr + 0.04, y - 0.12],
            ],
            0.03,
          ),
        ];
        const bz = zr + 0.38,
          legL = U(r, 0.18, 0.25),
          sp = U(r, 0.04, 0.08);
        for (const sx of [-1, 1]) parts.push(p.rod([sx * 0.01, y - 0.03, bz], [sx * sp, y - 0.03 - legL, bz + 0.05], 0.006, 0.006, 8));
        parts.push(p.box([0.04, 0.02, 0.03], [0, y - 0.035, bz]));
        return p.union(parts);
      },
    },
    {
      name: 'pump-shotgun',
      build(p, r) {
        const L = U(r, 0.95, 1.15),
          y = 0;
        const zr = -L * 0.08;
        const parts = [
          stock(p, r, zr - 0.11, y + 0.01, L * U(r, 0.3, 0.35), 'sporter'),
          p.box([0.045, 0.075, 0.22], [0, y, zr]),
          barrel(p, zr + 0.1, zr + L * 0.62, y + 0.02, 0.012),
          p.rod([0, y - 0.015, zr + 0.1], [0, y - 0.015, zr + L * 0.55], 0.01, 0.01, 12),
          p.rod([0, y - 0.01, zr + 0.2], [0, y - 0.01, zr + 0.38], 0.024, 0.024, 12),
          triggerGuard(p, zr - 0.03, y - 0.045),
          p.ball([0, y + 0.033, zr + L * 0.61], 0.005, 8),
        ];
        if (chance(r, 0.4)) parts.push(pistolGrip(p, zr - 0.09, y - 0.03));
        return p.union(parts);
      },
    },
    {
      name: 'double-barrel',
      build(p, r) {
        const L = U(r, 1.0, 1.15),
          y = 0;
        const zr = -L * 0.08;
        const side = chance(r, 0.6);
        const parts = [
          stock(p, r, zr - 0.08, y + 0.01, L * U(r, 0.33, 0.38), 'sporter'),
          p.box([0.05, 0.06, 0.12], [0, y, zr]),
          plate(
            p,
            [
              [zr + 0.05, y + 0.0],
              [zr + 0.3, y + 0.0],
              [zr + 0.3, y - 0.03],
              [zr + 0.05, y - 0.035],
            ],
            0.045,
          ),
          triggerGuard(p, zr - 0.03, y - 0.04),
        ];
        for (const s of [-1, 1]) {
          const off: Vec3 = side ? [s * 0.0125, y + 0.02, 0] : [0, y + 0.02 + s * 0.0125, 0];
          parts.push(p.rod([off[0], off[1], zr + 0.05], [off[0], off[1], zr + L * 0.62], 0.012, 0.0115, 12));
        }
        return p.union(parts);
      },
    },
    {
      name: 'bullpup',
      build(p, r) {
        const L = U(r, 0.7, 0.8),
          y = 0;
        const body: Vec2[] = [
          [-L / 2, y + 0.04],
          [L * 0.2, y + 0.04],
          [L * 0.2, y - 0.04],
          [-L * 0.05, y - 0.06],
          [-L * 0.3, y - 0.07],
          [-L / 2, y - 0.16],
          [-L / 2 + 0.03, y - 0.02],
        ];
        const parts = [
          plate(p, body, 0.05),
          barrel(p, L * 0.15, L / 2, y + 0.01, 0.009),
          plate(
            p,
            [
              [L * 0.1, y - 0.03],
              [L * 0.05, y - 0.03],
              [L * 0.03, y - 0.14],
              [L * 0.08, y - 0.14],
            ],
            0.03,
          ),
          p.box([0.028, 0.11, 0.05], [0, y - 0.1, -L * 0.2]),
          triggerGuard(p, L * 0.12, y - 0.05),
        ];
        if (chance(r, 0.5))
          parts.push(
            p.rod([0, y + 0.075, -L * 0.1], [0, y + 0.075, L * 0.15], 0.018, 0.022, 12),
            p.box([0.02, 0.04, 0.05], [0, y + 0.05, 0]),
          );
        else parts.push(p.box([0.03, 0.035, L * 0.45], [0, y + 0.055, -L * 0.05]));
        return p.union(parts);
      },
    },
    {
      name: 'smg-wire-stock',
      build(p, r) {
        const L = U(r, 0.45, 0.6),
          y = 0;
        const parts = [
          p.box([0.04, 0.06, L * 0.55], [0, y, 0]),
          barrel(p, L * 0.2, L * 0.5, y + 0.01, 0.008),
          pistolGrip(p, -L * 0.12, y - 0.02, 0.11, 0.03),
          triggerGuard(p, -L * 0.05, y - 0.035),
          p.box([0.028, U(r, 0.15, 0.25), 0.035], [0, y - 0.1, L * 0.08]),
        ];
        // Folding wire stock: two rods and a butt plate.
        const sl = U(r, 0.2, 0.3),
          zb = -L * 0.27;
        for (const sx of [-1, 1]) parts.push(p.rod([sx * 0.015, y, zb + 0.02], [sx * 0.015, y - 0.03, zb - sl], 0.005, 0.005, 8));
        parts.push(p.box([0.04, 0.1, 0.015], [0, y - 0.06, zb - sl]));
        if (chance(r, 0.5)) parts.push(p.rod([0, y + 0.01, L * 0.5], [0, y + 0.01, L * 0.62], 0.016, 0.016, 12));
        return p.union(parts);
      },
    },
    {
      name: 'musket-bayonet',
      build(p, r) {
        const L = U(r, 1.3, 1.5),
          y = 0;
        const zr = -L * 0.15;
        const parts = [
          stock(p, r, zr - 0.05, y, L * 0.3, 'sporter'),
          plate(
            p,
            [
              [zr - 0.06, y + 0.0],
              [zr + L * 0.5, y + 0.0],
              [zr + L * 0.5, y - 0.025],
              [zr - 0.06, y - 0.045],
            ],
            0.04,
          ),
          barrel(p, zr - 0.05, zr + L * 0.58, y + 0.012, 0.011),
          triggerGuard(p, zr - 0.01, y - 0.04),
          p.box([0.02, 0.04, 0.06], [0.02, y + 0.02, zr - 0.02]),
        ];
        for (const f of [0.15, 0.3, 0.45]) parts.push(p.torus([0, y - 0.005, zr + L * f], 0.022, 0.004, [0, 0, 1], 360, 0, 12, 6));
        if (chance(r, 0.7)) {
          const bl = U(r, 0.25, 0.4),
            z0 = zr + L * 0.56;
          parts.push(p.rod([0, y + 0.012, z0], [0, y + 0.012, z0 + 0.06], 0.014, 0.014, 12));
          parts.push(p.bar([0, y - 0.005, z0 + 0.05], [0, y - 0.015, z0 + 0.05 + bl], 0.008, 0.018, [1, 0, 0]));
          parts.push(p.box([0.006, 0.025, 0.02], [0, y - 0.0, z0 + 0.05]));
        }
        return p.union(parts);
      },
    },
  ],
};
