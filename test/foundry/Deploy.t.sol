// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";

/// @notice The deploy script deploys a verifier artifact and ZKMLIncentives bound to it, and writes
///         the addresses as JSON. (The generated zkml verifier may not exist yet: the toy one stands in.)
contract DeployScriptTest is Test {
    string internal constant TOY = "ToyHonkVerifierOptimized.sol:ToyHonkVerifierOptimized";
    string internal constant DIR = "deployments/.forge-test";

    function test_deploy_bindsVerifier() public {
        Deploy script = new Deploy();
        Deploy.Deployment memory d = script.deploy(TOY);
        assertGt(d.verifier.code.length, 0);
        assertEq(address(ZKMLIncentives(d.incentives).VERIFIER()), d.verifier);
    }

    function test_run_writesDeploymentJson() public {
        vm.setEnv("VERIFIER_ARTIFACT", TOY);
        vm.setEnv("DEPLOYMENTS_DIR", DIR);
        Deploy.Deployment memory d = new Deploy().run();
        string memory json = vm.readFile(string.concat(DIR, "/", vm.toString(block.chainid), ".json"));
        vm.removeDir(DIR, true);
        assertEq(vm.parseJsonAddress(json, ".ZKMLIncentives"), d.incentives);
        assertEq(vm.parseJsonAddress(json, ".verifier"), d.verifier);
        assertEq(vm.parseJsonUint(json, ".chainId"), block.chainid);
        assertEq(vm.parseJsonString(json, ".verifierArtifact"), TOY);
        assertEq(address(ZKMLIncentives(d.incentives).VERIFIER()), d.verifier);
    }
}
