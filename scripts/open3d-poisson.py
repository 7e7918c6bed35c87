#!/usr/bin/env python3
"""What a user of Open3D runs to mesh an unoriented cloud: read XYZ, estimate normals (PCA over 16
nearest neighbours), orient them (MST over a 10-NN graph), screened Poisson at depth 8 (Open3D's
defaults otherwise), write PLY. The reference `npm run bench:startup` times pointocc's CLI
against, end to end, as a separate process per shape. Open3D is not a pointocc dependency.

Debian: apt-get install -y python3-open3d, then: /usr/bin/python3 scripts/open3d-poisson.py IN.xyz OUT.ply
"""
import sys

import numpy as np
import open3d as o3d


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: open3d-poisson.py IN.xyz OUT.ply')
    pts = np.loadtxt(sys.argv[1], dtype=np.float64, usecols=(0, 1, 2)).reshape(-1, 3)
    pcd = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(pts))
    pcd.estimate_normals(o3d.geometry.KDTreeSearchParamKNN(16))
    pcd.orient_normals_consistent_tangent_plane(10)
    mesh, _ = o3d.geometry.TriangleMesh.create_from_point_cloud_poisson(pcd, depth=8)
    o3d.io.write_triangle_mesh(sys.argv[2], mesh)


if __name__ == '__main__':
    main()
